// Public MQTT 5 packet shapes, exactly as aws-crt's `mqtt5` module names them (api-surface.md §4), plus the
// QoS 2 and AUTH packets that aws-crt lacks, in the same style. Plain data, no runtime code: the conversion to
// the internal packet model lives in convert.ts.
import type {
  AuthReasonCode,
  ConnectReasonCode,
  DisconnectReasonCode,
  PacketType,
  PayloadFormatIndicator,
  PubackReasonCode,
  PubcompReasonCode,
  PubrecReasonCode,
  PubrelReasonCode,
  QoS,
  RetainHandlingType,
  SubackReasonCode,
  UnsubackReasonCode,
} from "./enums.js";

/** A name/value pair carried in the User Property list of most packets. */
export interface UserProperty {
  name: string;
  value: string;
}

/**
 * Outbound PUBLISH payload: a string (sent as UTF-8), an ArrayBuffer, any ArrayBufferView (Buffer, Uint8Array,
 * DataView … — exactly the view's bytes), or any other object (sent as its JSON text). null/undefined send an
 * empty payload.
 */
export type Payload = string | Record<string, unknown> | ArrayBuffer | ArrayBufferView;

/** Binary fields (correlation data, password, authentication data). At runtime a string is accepted too (UTF-8). */
export type BinaryData = ArrayBuffer | ArrayBufferView;

/** Common base: `type` is always set on packets the client hands out and ignored on packets it receives. */
export interface IPacket {
  type?: PacketType;
}

/** PUBLISH (MQTT 5 §3.3). */
export interface PublishPacket extends IPacket {
  /** Topic Name; no wildcards. */
  topicName: string;
  /** Outbound: see Payload. Inbound: always an ArrayBuffer (zero-length when empty). */
  payload?: Payload;
  qos: QoS;
  /** Outbound: undefined = false. Inbound: always set. */
  retain?: boolean;
  /** Payload Format Indicator (0x01); 1 = UTF-8, validated by the client before sending. */
  payloadFormat?: PayloadFormatIndicator;
  /** Message Expiry Interval (0x02), seconds. Inbound: the remaining lifetime. */
  messageExpiryIntervalSeconds?: number;
  /** Topic Alias (0x23). Outbound: used only with OutboundTopicAliasBehaviorType.Manual. Inbound: the alias the server used. */
  topicAlias?: number;
  /** Response Topic (0x08). */
  responseTopic?: string;
  /** Correlation Data (0x09). Inbound: an ArrayBuffer. */
  correlationData?: BinaryData;
  /** Subscription Identifiers (0x0B) of the matching subscriptions. Inbound only; ignored outbound. */
  subscriptionIdentifiers?: Array<number>;
  /** Content Type (0x03). */
  contentType?: string;
  /** User Properties (0x26). Inbound: always present (empty array when none), as aws-crt on Node. */
  userProperties?: Array<UserProperty>;
}

/** PUBACK: the completion of a QoS 1 publish. */
export interface PubackPacket extends IPacket {
  reasonCode: PubackReasonCode;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}

/** PUBREC (QoS 2, first acknowledgement). Addition to aws-crt. */
export interface PubrecPacket extends IPacket {
  reasonCode: PubrecReasonCode;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}

/** PUBREL (QoS 2, release). Addition to aws-crt. */
export interface PubrelPacket extends IPacket {
  reasonCode: PubrelReasonCode;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}

/** PUBCOMP: the completion of a QoS 2 publish. Addition to aws-crt. */
export interface PubcompPacket extends IPacket {
  reasonCode: PubcompReasonCode;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}

/** One entry of a SUBSCRIBE. */
export interface Subscription {
  /** Topic Filter; may contain wildcards and be a shared subscription ($share/…). */
  topicFilter: string;
  /** Maximum QoS the server may use for matching messages. */
  qos: QoS;
  /** Default false. Must not be set on a shared subscription. */
  noLocal?: boolean;
  /** Default false. */
  retainAsPublished?: boolean;
  /** Default SendOnSubscribe. */
  retainHandlingType?: RetainHandlingType;
}

/** SUBSCRIBE (MQTT 5 §3.8). */
export interface SubscribePacket extends IPacket {
  /** At least one subscription. */
  subscriptions: Array<Subscription>;
  /** Subscription Identifier (0x0B), 1..268,435,455. */
  subscriptionIdentifier?: number;
  userProperties?: Array<UserProperty>;
}

/** SUBACK: one reason code per subscription, in order. Resolves subscribe() even when codes are failures. */
export interface SubackPacket extends IPacket {
  reasonCodes: Array<SubackReasonCode>;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}

/** UNSUBSCRIBE (MQTT 5 §3.10). */
export interface UnsubscribePacket extends IPacket {
  /** At least one topic filter. */
  topicFilters: Array<string>;
  userProperties?: Array<UserProperty>;
}

/** UNSUBACK: one reason code per topic filter, in order. */
export interface UnsubackPacket extends IPacket {
  reasonCodes: Array<UnsubackReasonCode>;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}

/** CONNECT settings (`connectProperties`), used for every connection attempt. */
export interface ConnectPacket extends IPacket {
  /** Keep Alive, seconds (0..65,535); 0 = no PINGREQ. Required. */
  keepAliveIntervalSeconds: number;
  /** Client Identifier; empty/undefined → the server assigns one, which is then reused on reconnect. */
  clientId?: string;
  username?: string;
  /** Password: binary, or a string sent as UTF-8 (addition to aws-crt's type, which its Node binding accepts too). */
  password?: BinaryData | string;
  /** Session Expiry Interval (0x11), seconds; must be > 0 for sessions to be resumed. Default 0. */
  sessionExpiryIntervalSeconds?: number;
  /** Request Response Information (0x19). */
  requestResponseInformation?: boolean;
  /** Request Problem Information (0x17). */
  requestProblemInformation?: boolean;
  /** Receive Maximum (0x21), 1..65,535; undefined = 65,535. */
  receiveMaximum?: number;
  /** Maximum Packet Size (0x27), bytes; undefined = protocol maximum. */
  maximumPacketSizeBytes?: number;
  /** Will Delay Interval (0x18), seconds. */
  willDelayIntervalSeconds?: number;
  /** Will Message: published by the server if the connection ends without a normal DISCONNECT. */
  will?: PublishPacket;
  userProperties?: Array<UserProperty>;
}

/** CONNACK, as delivered with connectionSuccess / connectionFailure. */
export interface ConnackPacket extends IPacket {
  sessionPresent: boolean;
  reasonCode: ConnectReasonCode;
  /** Session Expiry Interval, seconds (no "Seconds" suffix, as aws-crt). */
  sessionExpiryInterval?: number;
  /** Absent → 65,535. */
  receiveMaximum?: number;
  maximumQos?: QoS;
  /** Absent → true. */
  retainAvailable?: boolean;
  /** Maximum Packet Size in bytes (no "Bytes" suffix, as aws-crt). */
  maximumPacketSize?: number;
  assignedClientIdentifier?: string;
  topicAliasMaximum?: number;
  reasonString?: string;
  /** Absent → true. */
  wildcardSubscriptionsAvailable?: boolean;
  /** Absent → true. */
  subscriptionIdentifiersAvailable?: boolean;
  /** Absent → true. */
  sharedSubscriptionsAvailable?: boolean;
  /** Server Keep Alive, seconds. */
  serverKeepAlive?: number;
  responseInformation?: string;
  serverReference?: string;
  /** Enhanced authentication (addition to aws-crt). */
  authenticationMethod?: string;
  /** Enhanced authentication (addition to aws-crt); an ArrayBuffer. */
  authenticationData?: BinaryData;
  userProperties?: Array<UserProperty>;
}

/** DISCONNECT: given to stop(), or received from the server (disconnection event). */
export interface DisconnectPacket extends IPacket {
  /** Required by the type; a missing value is treated as NormalDisconnection (0). */
  reasonCode: DisconnectReasonCode;
  /** Client → server only; cannot turn a 0 (or absent) CONNECT Session Expiry Interval into a non-zero one. */
  sessionExpiryIntervalSeconds?: number;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
  /** Server → client only. */
  serverReference?: string;
}

/** AUTH (enhanced authentication, MQTT 5 §3.15). Addition to aws-crt. */
export interface AuthPacket extends IPacket {
  reasonCode: AuthReasonCode;
  authenticationMethod?: string;
  authenticationData?: BinaryData;
  reasonString?: string;
  userProperties?: Array<UserProperty>;
}
