// The property table (MQTT 5 §2.2.2.2): for every property identifier its name, wire type, the packets it may
// appear in ("Will" = the Will Properties block of CONNECT, a pseudo-packet here), where it may repeat, the value
// domain a receiver checks, and the packet-model field that holds it. Decoding and encoding both read this one
// table (see property-codec.ts), so "not allowed here", "duplicate" and "bad value" are decided in one place.
import { PacketType } from "../model/enums.js";

/** Context of a property block: a packet type, or the Will Properties inside CONNECT. */
export const WILL_PROPERTIES = 16;
export type PropertyContext = PacketType | typeof WILL_PROPERTIES;

/** How a property value travels on the wire (§1.5), and how the packet model represents it. */
export enum WireType {
  Byte,
  /** A Byte that must be 0 or 1 and is a boolean in the packet model. */
  BooleanByte,
  TwoByteInteger,
  FourByteInteger,
  VariableByteInteger,
  Utf8String,
  BinaryData,
  Utf8StringPair,
}

/** Values a receiver accepts; anything else is a Protocol Error (0x82). */
export enum ValueDomain {
  Any,
  ZeroOrOne,
  NonZero,
}

export const PropertyId = {
  PayloadFormatIndicator: 0x01,
  MessageExpiryInterval: 0x02,
  ContentType: 0x03,
  ResponseTopic: 0x08,
  CorrelationData: 0x09,
  SubscriptionIdentifier: 0x0b,
  SessionExpiryInterval: 0x11,
  AssignedClientIdentifier: 0x12,
  ServerKeepAlive: 0x13,
  AuthenticationMethod: 0x15,
  AuthenticationData: 0x16,
  RequestProblemInformation: 0x17,
  WillDelayInterval: 0x18,
  RequestResponseInformation: 0x19,
  ResponseInformation: 0x1a,
  ServerReference: 0x1c,
  ReasonString: 0x1f,
  ReceiveMaximum: 0x21,
  TopicAliasMaximum: 0x22,
  TopicAlias: 0x23,
  MaximumQoS: 0x24,
  RetainAvailable: 0x25,
  UserProperty: 0x26,
  MaximumPacketSize: 0x27,
  WildcardSubscriptionAvailable: 0x28,
  SubscriptionIdentifierAvailable: 0x29,
  SharedSubscriptionAvailable: 0x2a,
} as const;
export type PropertyId = (typeof PropertyId)[keyof typeof PropertyId];

/** Encoder omission classes: dropped, in this order, when an ack-like packet exceeds the peer's maximum size. */
export const OMIT_REASON_STRING = 1;
export const OMIT_USER_PROPERTIES = 2;

export interface PropertyDefinition {
  readonly id: PropertyId;
  /** The standard's name, used in error messages. */
  readonly name: string;
  readonly wireType: WireType;
  readonly domain: ValueDomain;
  readonly allowedIn: readonly PropertyContext[];
  /** Contexts where the property may appear more than once (its model field is then an array). */
  readonly repeatableIn: readonly PropertyContext[];
  /** Packet-model field holding the value. */
  readonly field: string;
  /** Field names that differ in some contexts (the packet model follows aws-crt's per-packet names). */
  readonly fieldIn?: Readonly<Partial<Record<PropertyContext, string>>>;
  /** OMIT_* class if the encoder may drop it to fit the peer's Maximum Packet Size, else 0. */
  readonly omissible: number;
}

const P = PacketType;
const W = WILL_PROPERTIES;
const PUBLISH_AND_WILL: readonly PropertyContext[] = [P.Publish, W];
/** Packets whose failure details may be dropped to fit: [MQTT-3.4.2-2] ... [MQTT-3.15.2-2] and CONNACK 3.2.2-19. */
const REASON_STRING_PACKETS: readonly PropertyContext[] = [
  P.Connack, P.Puback, P.Pubrec, P.Pubrel, P.Pubcomp, P.Suback, P.Unsuback, P.Disconnect, P.Auth,
];
const USER_PROPERTY_PACKETS: readonly PropertyContext[] = [
  P.Connect, P.Connack, P.Publish, W, P.Puback, P.Pubrec, P.Pubrel, P.Pubcomp,
  P.Subscribe, P.Suback, P.Unsubscribe, P.Unsuback, P.Disconnect, P.Auth,
];

function define(
  id: PropertyId, name: string, wireType: WireType, allowedIn: readonly PropertyContext[], field: string,
  extra: Partial<Pick<PropertyDefinition, "domain" | "repeatableIn" | "fieldIn" | "omissible">> = {},
): PropertyDefinition {
  const domain = extra.domain ?? (wireType === WireType.BooleanByte ? ValueDomain.ZeroOrOne : ValueDomain.Any);
  const definition: PropertyDefinition = {
    id, name, wireType, domain, allowedIn, field,
    repeatableIn: extra.repeatableIn ?? [],
    omissible: extra.omissible ?? 0,
  };
  return extra.fieldIn === undefined ? definition : { ...definition, fieldIn: extra.fieldIn };
}

const T = WireType;
const Id = PropertyId;

/** All MQTT 5 properties, ascending by identifier (the encoder writes them in this order). */
export const PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  define(Id.PayloadFormatIndicator, "Payload Format Indicator", T.Byte, PUBLISH_AND_WILL, "payloadFormat",
    { domain: ValueDomain.ZeroOrOne }),
  define(Id.MessageExpiryInterval, "Message Expiry Interval", T.FourByteInteger, PUBLISH_AND_WILL,
    "messageExpiryIntervalSeconds"),
  define(Id.ContentType, "Content Type", T.Utf8String, PUBLISH_AND_WILL, "contentType"),
  define(Id.ResponseTopic, "Response Topic", T.Utf8String, PUBLISH_AND_WILL, "responseTopic"),
  define(Id.CorrelationData, "Correlation Data", T.BinaryData, PUBLISH_AND_WILL, "correlationData"),
  // Repeatable only in PUBLISH (one per matching subscription); 0 is a Protocol Error.
  define(Id.SubscriptionIdentifier, "Subscription Identifier", T.VariableByteInteger, [P.Publish, P.Subscribe],
    "subscriptionIdentifier", {
      domain: ValueDomain.NonZero, repeatableIn: [P.Publish], fieldIn: { [P.Publish]: "subscriptionIdentifiers" },
    }),
  define(Id.SessionExpiryInterval, "Session Expiry Interval", T.FourByteInteger, [P.Connect, P.Connack, P.Disconnect],
    "sessionExpiryIntervalSeconds", { fieldIn: { [P.Connack]: "sessionExpiryInterval" } }),
  define(Id.AssignedClientIdentifier, "Assigned Client Identifier", T.Utf8String, [P.Connack],
    "assignedClientIdentifier"),
  define(Id.ServerKeepAlive, "Server Keep Alive", T.TwoByteInteger, [P.Connack], "serverKeepAlive"),
  define(Id.AuthenticationMethod, "Authentication Method", T.Utf8String, [P.Connect, P.Connack, P.Auth],
    "authenticationMethod"),
  define(Id.AuthenticationData, "Authentication Data", T.BinaryData, [P.Connect, P.Connack, P.Auth],
    "authenticationData"),
  define(Id.RequestProblemInformation, "Request Problem Information", T.BooleanByte, [P.Connect],
    "requestProblemInformation"),
  define(Id.WillDelayInterval, "Will Delay Interval", T.FourByteInteger, [W], "willDelayIntervalSeconds"),
  define(Id.RequestResponseInformation, "Request Response Information", T.BooleanByte, [P.Connect],
    "requestResponseInformation"),
  define(Id.ResponseInformation, "Response Information", T.Utf8String, [P.Connack], "responseInformation"),
  define(Id.ServerReference, "Server Reference", T.Utf8String, [P.Connack, P.Disconnect], "serverReference"),
  define(Id.ReasonString, "Reason String", T.Utf8String, REASON_STRING_PACKETS, "reasonString",
    { omissible: OMIT_REASON_STRING }),
  define(Id.ReceiveMaximum, "Receive Maximum", T.TwoByteInteger, [P.Connect, P.Connack], "receiveMaximum",
    { domain: ValueDomain.NonZero }),
  define(Id.TopicAliasMaximum, "Topic Alias Maximum", T.TwoByteInteger, [P.Connect, P.Connack], "topicAliasMaximum"),
  // Topic Alias 0 is not a codec error: the core answers it with DISCONNECT 0x94 [MQTT-3.3.2-8].
  define(Id.TopicAlias, "Topic Alias", T.TwoByteInteger, [P.Publish], "topicAlias"),
  define(Id.MaximumQoS, "Maximum QoS", T.Byte, [P.Connack], "maximumQos", { domain: ValueDomain.ZeroOrOne }),
  define(Id.RetainAvailable, "Retain Available", T.BooleanByte, [P.Connack], "retainAvailable"),
  define(Id.UserProperty, "User Property", T.Utf8StringPair, USER_PROPERTY_PACKETS, "userProperties",
    { repeatableIn: USER_PROPERTY_PACKETS, omissible: OMIT_USER_PROPERTIES }),
  define(Id.MaximumPacketSize, "Maximum Packet Size", T.FourByteInteger, [P.Connect, P.Connack],
    "maximumPacketSizeBytes", { domain: ValueDomain.NonZero, fieldIn: { [P.Connack]: "maximumPacketSize" } }),
  define(Id.WildcardSubscriptionAvailable, "Wildcard Subscription Available", T.BooleanByte, [P.Connack],
    "wildcardSubscriptionsAvailable"),
  define(Id.SubscriptionIdentifierAvailable, "Subscription Identifier Available", T.BooleanByte, [P.Connack],
    "subscriptionIdentifiersAvailable"),
  define(Id.SharedSubscriptionAvailable, "Shared Subscription Available", T.BooleanByte, [P.Connack],
    "sharedSubscriptionsAvailable"),
];

/** A property as it applies in one context: the definition plus the resolved field and repeatability. */
export interface PropertyBinding {
  readonly id: PropertyId;
  readonly definition: PropertyDefinition;
  readonly wireType: WireType;
  readonly field: string;
  /** Field path for error messages, e.g. "will.contentType". */
  readonly path: string;
  readonly repeatable: boolean;
  readonly omissible: number;
}

const CONTEXT_COUNT = WILL_PROPERTIES + 1;
const HIGHEST_ID = PropertyId.SharedSubscriptionAvailable;

const definitionsById: (PropertyDefinition | undefined)[] = new Array<PropertyDefinition | undefined>(
  HIGHEST_ID + 1,
).fill(undefined);
const bindingsByContext: PropertyBinding[][] = [];
const bindingByContextAndId: (PropertyBinding | undefined)[][] = [];

for (let context = 0; context < CONTEXT_COUNT; context++) {
  bindingsByContext.push([]);
  bindingByContextAndId.push(new Array<PropertyBinding | undefined>(HIGHEST_ID + 1).fill(undefined));
}
for (const definition of PROPERTY_DEFINITIONS) {
  definitionsById[definition.id] = definition;
  for (const context of definition.allowedIn) {
    const field = definition.fieldIn?.[context] ?? definition.field;
    const binding: PropertyBinding = {
      id: definition.id,
      definition,
      wireType: definition.wireType,
      field,
      path: context === WILL_PROPERTIES ? `will.${field}` : field,
      repeatable: definition.repeatableIn.includes(context),
      omissible: definition.omissible,
    };
    bindingsByContext[context]!.push(binding);
    bindingByContextAndId[context]![definition.id] = binding;
  }
}

/** The definition of property `id`, or undefined for an identifier the standard does not define. */
export function propertyDefinition(id: number): PropertyDefinition | undefined {
  return definitionsById[id];
}

/** Properties allowed in `context`, ascending by identifier. */
export function propertyBindings(context: PropertyContext): readonly PropertyBinding[] {
  return bindingsByContext[context]!;
}

/** Property `id` as allowed in `context`, or undefined when it may not appear there (or is unknown). */
export function propertyBinding(context: PropertyContext, id: number): PropertyBinding | undefined {
  return bindingByContextAndId[context]![id];
}

/** Name of a property context for messages: "CONNACK", "Will Properties", … */
export function contextName(context: PropertyContext): string {
  return context === WILL_PROPERTIES ? "Will Properties" : PacketType[context].toUpperCase();
}
