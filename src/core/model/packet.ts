// Internal packet model shared by the codec and the protocol core: a discriminated union on `type`.
// Field names follow aws-crt's public packet interfaces (so no vocabulary translation is needed); binary fields
// are always Uint8Array here. Conversion to and from the public shapes lives in convert.ts.
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

export interface UserProperty {
  name: string;
  value: string;
}

/** Will message carried in CONNECT (topic, payload, flags and Will Properties). */
export interface WillMessage {
  topicName: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  willDelayIntervalSeconds?: number;
  payloadFormat?: PayloadFormatIndicator;
  messageExpiryIntervalSeconds?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: UserProperty[];
}

export interface ConnectPacket {
  type: PacketType.Connect;
  clientId: string;
  cleanStart: boolean;
  keepAliveIntervalSeconds: number;
  username?: string;
  password?: Uint8Array;
  will?: WillMessage;
  sessionExpiryIntervalSeconds?: number;
  receiveMaximum?: number;
  maximumPacketSizeBytes?: number;
  topicAliasMaximum?: number;
  requestResponseInformation?: boolean;
  requestProblemInformation?: boolean;
  authenticationMethod?: string;
  authenticationData?: Uint8Array;
  userProperties?: UserProperty[];
}

export interface ConnackPacket {
  type: PacketType.Connack;
  sessionPresent: boolean;
  reasonCode: ConnectReasonCode;
  sessionExpiryInterval?: number;
  receiveMaximum?: number;
  maximumQos?: QoS;
  retainAvailable?: boolean;
  maximumPacketSize?: number;
  assignedClientIdentifier?: string;
  topicAliasMaximum?: number;
  reasonString?: string;
  wildcardSubscriptionsAvailable?: boolean;
  subscriptionIdentifiersAvailable?: boolean;
  sharedSubscriptionsAvailable?: boolean;
  serverKeepAlive?: number;
  responseInformation?: string;
  serverReference?: string;
  authenticationMethod?: string;
  authenticationData?: Uint8Array;
  userProperties?: UserProperty[];
}

export interface PublishPacket {
  type: PacketType.Publish;
  topicName: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  duplicate: boolean;
  /** Present iff qos > 0 [MQTT-2.2.1-2]. */
  packetId?: number;
  payloadFormat?: PayloadFormatIndicator;
  messageExpiryIntervalSeconds?: number;
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  /** Inbound only; never sent by a client [MQTT-3.3.4-6]. */
  subscriptionIdentifiers?: number[];
  contentType?: string;
  userProperties?: UserProperty[];
}

interface AckFields<TCode> {
  packetId: number;
  reasonCode: TCode;
  reasonString?: string;
  userProperties?: UserProperty[];
}

export interface PubackPacket extends AckFields<PubackReasonCode> {
  type: PacketType.Puback;
}
export interface PubrecPacket extends AckFields<PubrecReasonCode> {
  type: PacketType.Pubrec;
}
export interface PubrelPacket extends AckFields<PubrelReasonCode> {
  type: PacketType.Pubrel;
}
export interface PubcompPacket extends AckFields<PubcompReasonCode> {
  type: PacketType.Pubcomp;
}

export interface Subscription {
  topicFilter: string;
  qos: QoS;
  noLocal?: boolean;
  retainAsPublished?: boolean;
  retainHandlingType?: RetainHandlingType;
}

export interface SubscribePacket {
  type: PacketType.Subscribe;
  packetId: number;
  subscriptions: Subscription[];
  subscriptionIdentifier?: number;
  userProperties?: UserProperty[];
}

export interface SubackPacket {
  type: PacketType.Suback;
  packetId: number;
  reasonCodes: SubackReasonCode[];
  reasonString?: string;
  userProperties?: UserProperty[];
}

export interface UnsubscribePacket {
  type: PacketType.Unsubscribe;
  packetId: number;
  topicFilters: string[];
  userProperties?: UserProperty[];
}

export interface UnsubackPacket {
  type: PacketType.Unsuback;
  packetId: number;
  reasonCodes: UnsubackReasonCode[];
  reasonString?: string;
  userProperties?: UserProperty[];
}

export interface PingreqPacket {
  type: PacketType.Pingreq;
}

export interface PingrespPacket {
  type: PacketType.Pingresp;
}

export interface DisconnectPacket {
  type: PacketType.Disconnect;
  reasonCode: DisconnectReasonCode;
  sessionExpiryIntervalSeconds?: number;
  reasonString?: string;
  serverReference?: string;
  userProperties?: UserProperty[];
}

export interface AuthPacket {
  type: PacketType.Auth;
  reasonCode: AuthReasonCode;
  authenticationMethod?: string;
  authenticationData?: Uint8Array;
  reasonString?: string;
  userProperties?: UserProperty[];
}

export type Packet =
  | ConnectPacket
  | ConnackPacket
  | PublishPacket
  | PubackPacket
  | PubrecPacket
  | PubrelPacket
  | PubcompPacket
  | SubscribePacket
  | SubackPacket
  | UnsubscribePacket
  | UnsubackPacket
  | PingreqPacket
  | PingrespPacket
  | DisconnectPacket
  | AuthPacket;

/** Exhaustiveness guard for switches over discriminated unions. */
export function assertNever(value: never, what = "value"): never {
  throw new TypeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
