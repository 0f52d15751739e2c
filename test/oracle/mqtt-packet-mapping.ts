// The one mapping between our internal Packet (src/core/model/packet.ts) and the object shape of the npm package
// mqtt-packet 9.0.2 (its README "Packets" section and parser.js / writeToStream.js), plus the canonical form used to
// compare what its parser emits with what this mapping predicts.
//
// mqtt-packet vocabulary: `cmd` names the type; `messageId` = packetId; `clean` = cleanStart; `keepalive`;
// `topic` = topicName / topicFilter; subscription options `nl` / `rap` / `rh`; `granted` = SUBACK/UNSUBACK codes;
// properties live in `properties` (Will Properties in `will.properties`) under their own names; Byte-typed
// properties are booleans (payloadFormatIndicator, retainAvailable, request*Information, *Available) except
// `maximumQoS`; `subscriptionIdentifier` is a number, or an array when the property repeats; User Properties are
// an object name → value, or name → array of values when a name repeats.
//
// Known mqtt-packet limitations, handled by choosing inputs it can represent (representableByMqttPacket):
//  1. User Properties as an object cannot keep the order between different names: values are grouped by name, and
//     JavaScript puts integer-like names ("7", "42") first. We reorder our list into exactly that order, which is
//     what mqtt-packet writes and what its parser can report. Order within one name is kept by both.
//  2. Its parser detects a repeated User Property name by the truthiness of the first value, so a repeated name
//     whose first value is "" loses that value. Values of repeated names are made non-empty.
//  3. Its parser rejects DISCONNECT reason code 0x8C (Bad authentication method), which the standard's general
//     reason-code table lists for DISCONNECT (conformance digest §0, "verify"); 0x8C is swapped for 0x80.
//  4. Its generator refuses a CONNECT Password without a User Name (legal in MQTT 5) and an empty Client
//     Identifier with Clean Start 0 (legal on the wire; the server then rejects it with 0x85). Such CONNECTs get
//     an empty User Name / the Client Identifier "c".
//  5. Its parser reads an AUTH without a reason code byte (Remaining Length 0) as an error; our generators always
//     put the mandatory Authentication Method in AUTH, so that short form never occurs.
import { Buffer } from "node:buffer";
import { DisconnectReasonCode, PacketType } from "../../src/core/model/enums.js";
import type { Packet, UserProperty, WillMessage } from "../../src/core/model/packet.js";
import { assertNever } from "../../src/core/model/packet.js";

/** An mqtt-packet packet object (their TypeScript types are looser than what the parser actually emits). */
export type MqttPacketObject = { cmd: string } & Record<string, unknown>;
type Properties = Record<string, unknown>;

const CMD: Record<PacketType, string> = {
  [PacketType.Connect]: "connect", [PacketType.Connack]: "connack", [PacketType.Publish]: "publish",
  [PacketType.Puback]: "puback", [PacketType.Pubrec]: "pubrec", [PacketType.Pubrel]: "pubrel",
  [PacketType.Pubcomp]: "pubcomp", [PacketType.Subscribe]: "subscribe", [PacketType.Suback]: "suback",
  [PacketType.Unsubscribe]: "unsubscribe", [PacketType.Unsuback]: "unsuback", [PacketType.Pingreq]: "pingreq",
  [PacketType.Pingresp]: "pingresp", [PacketType.Disconnect]: "disconnect", [PacketType.Auth]: "auth",
};

function userPropertiesObject(list: readonly UserProperty[] | undefined): Record<string, string | string[]> | undefined {
  if (list === undefined || list.length === 0) return undefined;
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const { name, value } of list) {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  return out;
}

const buffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes);
const bool = (value: boolean | undefined): boolean | undefined => value;

/** Builds a properties object from [name, value] pairs, skipping absent values; undefined when empty. */
function properties(entries: ReadonlyArray<readonly [string, unknown]>): Properties | undefined {
  const out: Properties = {};
  for (const [name, value] of entries) if (value !== undefined) out[name] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

function withProperties(object: MqttPacketObject, props: Properties | undefined): MqttPacketObject {
  if (props !== undefined) object["properties"] = props;
  return object;
}

function willObject(will: WillMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    topic: will.topicName,
    payload: buffer(will.payload),
    qos: will.qos,
    retain: will.retain,
  };
  const props = properties([
    ["willDelayInterval", will.willDelayIntervalSeconds],
    ["payloadFormatIndicator", will.payloadFormat === undefined ? undefined : will.payloadFormat === 1],
    ["messageExpiryInterval", will.messageExpiryIntervalSeconds],
    ["contentType", will.contentType],
    ["responseTopic", will.responseTopic],
    ["correlationData", will.correlationData && buffer(will.correlationData)],
    ["userProperties", userPropertiesObject(will.userProperties)],
  ]);
  if (props !== undefined) out["properties"] = props;
  return out;
}

/** Our packet as mqtt-packet spells it (input for `generate`, and the expected output of its `parser`). */
export function toMqttPacket(packet: Packet): MqttPacketObject {
  const cmd = CMD[packet.type];
  switch (packet.type) {
    case PacketType.Connect: {
      const out: MqttPacketObject = {
        cmd, protocolId: "MQTT", protocolVersion: 5, clean: packet.cleanStart, keepalive: packet.keepAliveIntervalSeconds,
        clientId: packet.clientId,
      };
      if (packet.username !== undefined) out["username"] = packet.username;
      if (packet.password !== undefined) out["password"] = buffer(packet.password);
      if (packet.will !== undefined) out["will"] = willObject(packet.will);
      return withProperties(out, properties([
        ["sessionExpiryInterval", packet.sessionExpiryIntervalSeconds],
        ["receiveMaximum", packet.receiveMaximum],
        ["maximumPacketSize", packet.maximumPacketSizeBytes],
        ["topicAliasMaximum", packet.topicAliasMaximum],
        ["requestResponseInformation", bool(packet.requestResponseInformation)],
        ["requestProblemInformation", bool(packet.requestProblemInformation)],
        ["userProperties", userPropertiesObject(packet.userProperties)],
        ["authenticationMethod", packet.authenticationMethod],
        ["authenticationData", packet.authenticationData && buffer(packet.authenticationData)],
      ]));
    }
    case PacketType.Connack:
      return withProperties({ cmd, sessionPresent: packet.sessionPresent, reasonCode: packet.reasonCode }, properties([
        ["sessionExpiryInterval", packet.sessionExpiryInterval],
        ["receiveMaximum", packet.receiveMaximum],
        ["maximumQoS", packet.maximumQos],
        ["retainAvailable", bool(packet.retainAvailable)],
        ["maximumPacketSize", packet.maximumPacketSize],
        ["assignedClientIdentifier", packet.assignedClientIdentifier],
        ["topicAliasMaximum", packet.topicAliasMaximum],
        ["reasonString", packet.reasonString],
        ["userProperties", userPropertiesObject(packet.userProperties)],
        ["wildcardSubscriptionAvailable", bool(packet.wildcardSubscriptionsAvailable)],
        ["subscriptionIdentifiersAvailable", bool(packet.subscriptionIdentifiersAvailable)],
        ["sharedSubscriptionAvailable", bool(packet.sharedSubscriptionsAvailable)],
        ["serverKeepAlive", packet.serverKeepAlive],
        ["responseInformation", packet.responseInformation],
        ["serverReference", packet.serverReference],
        ["authenticationMethod", packet.authenticationMethod],
        ["authenticationData", packet.authenticationData && buffer(packet.authenticationData)],
      ]));
    case PacketType.Publish: {
      const out: MqttPacketObject = {
        cmd, topic: packet.topicName, payload: buffer(packet.payload), qos: packet.qos, dup: packet.duplicate,
        retain: packet.retain,
      };
      if (packet.packetId !== undefined) out["messageId"] = packet.packetId;
      const ids = packet.subscriptionIdentifiers;
      return withProperties(out, properties([
        ["payloadFormatIndicator", packet.payloadFormat === undefined ? undefined : packet.payloadFormat === 1],
        ["messageExpiryInterval", packet.messageExpiryIntervalSeconds],
        ["topicAlias", packet.topicAlias],
        ["responseTopic", packet.responseTopic],
        ["correlationData", packet.correlationData && buffer(packet.correlationData)],
        ["userProperties", userPropertiesObject(packet.userProperties)],
        ["subscriptionIdentifier", ids === undefined || ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : ids.slice()],
        ["contentType", packet.contentType],
      ]));
    }
    case PacketType.Puback:
    case PacketType.Pubrec:
    case PacketType.Pubrel:
    case PacketType.Pubcomp:
      return withProperties({ cmd, messageId: packet.packetId, reasonCode: packet.reasonCode }, properties([
        ["reasonString", packet.reasonString],
        ["userProperties", userPropertiesObject(packet.userProperties)],
      ]));
    case PacketType.Subscribe:
      return withProperties({
        cmd, messageId: packet.packetId,
        subscriptions: packet.subscriptions.map((s) => ({
          topic: s.topicFilter, qos: s.qos, nl: s.noLocal ?? false, rap: s.retainAsPublished ?? false,
          rh: s.retainHandlingType ?? 0,
        })),
      }, properties([
        ["subscriptionIdentifier", packet.subscriptionIdentifier],
        ["userProperties", userPropertiesObject(packet.userProperties)],
      ]));
    case PacketType.Suback:
    case PacketType.Unsuback:
      return withProperties({ cmd, messageId: packet.packetId, granted: packet.reasonCodes.slice() }, properties([
        ["reasonString", packet.reasonString],
        ["userProperties", userPropertiesObject(packet.userProperties)],
      ]));
    case PacketType.Unsubscribe:
      return withProperties({ cmd, messageId: packet.packetId, unsubscriptions: packet.topicFilters.slice() }, properties([
        ["userProperties", userPropertiesObject(packet.userProperties)],
      ]));
    case PacketType.Pingreq:
    case PacketType.Pingresp:
      return { cmd };
    case PacketType.Disconnect:
      return withProperties({ cmd, reasonCode: packet.reasonCode }, properties([
        ["sessionExpiryInterval", packet.sessionExpiryIntervalSeconds],
        ["reasonString", packet.reasonString],
        ["userProperties", userPropertiesObject(packet.userProperties)],
        ["serverReference", packet.serverReference],
      ]));
    case PacketType.Auth:
      return withProperties({ cmd, reasonCode: packet.reasonCode }, properties([
        ["authenticationMethod", packet.authenticationMethod],
        ["authenticationData", packet.authenticationData && buffer(packet.authenticationData)],
        ["reasonString", packet.reasonString],
        ["userProperties", userPropertiesObject(packet.userProperties)],
      ]));
    default:
      return assertNever(packet, "packet type");
  }
}

/** Limitations 1 and 2: the list in mqtt-packet's emission order, values of repeated names non-empty. */
function representableUserProperties(list: readonly UserProperty[]): UserProperty[] {
  const grouped = userPropertiesObject(list) ?? {};
  const out: UserProperty[] = [];
  for (const name of Object.getOwnPropertyNames(grouped)) {
    const values = grouped[name] as string | string[];
    if (Array.isArray(values)) for (const value of values) out.push({ name, value: value === "" ? "(empty)" : value });
    else out.push({ name, value: values });
  }
  return out;
}

function fixUserProperties<T extends object>(holder: T): T {
  const list = (holder as { userProperties?: UserProperty[] }).userProperties;
  if (list === undefined || list.length === 0) return holder;
  return { ...holder, userProperties: representableUserProperties(list) };
}

/** A copy of `packet` that mqtt-packet can generate and parse faithfully (limitations 1–4 in the header). */
export function representableByMqttPacket(packet: Packet): Packet {
  const out: Packet = fixUserProperties(packet);
  switch (out.type) {
    case PacketType.Connect: {
      const connect = { ...out };
      if (connect.will !== undefined) connect.will = fixUserProperties(connect.will);
      if (connect.password !== undefined && connect.username === undefined) connect.username = "";
      if (connect.clientId === "" && !connect.cleanStart) connect.clientId = "c";
      return connect;
    }
    case PacketType.Disconnect:
      return out.reasonCode === DisconnectReasonCode.BadAuthenticationMethod
        ? { ...out, reasonCode: DisconnectReasonCode.UnspecifiedError }
        : out;
    default:
      return out;
  }
}

/**
 * A plain, comparable copy of an mqtt-packet object: Buffers become plain Uint8Arrays, User Property objects
 * become [name, values[]] lists in key order, parser bookkeeping (`length`, null `topic`/`payload`, and the header
 * flag fields `retain`/`qos`/`dup` that it fills in for every packet type) is dropped except on PUBLISH.
 */
export function canonicalMqttObject(object: MqttPacketObject): Record<string, unknown> {
  const isPublish = object.cmd === "publish";
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (key === "length" || value === null || value === undefined) continue;
    if (!isPublish && (key === "retain" || key === "qos" || key === "dup")) continue;
    out[key] = canonicalValue(key, value);
  }
  return out;
}

function canonicalValue(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (Array.isArray(value)) return value.map((item) => canonicalValue("", item));
  if (value !== null && typeof value === "object") {
    const source = value as Record<string, unknown>;
    if (key === "userProperties") {
      return Object.keys(source).map((name) => {
        const values = source[name];
        return [name, Array.isArray(values) ? values.slice() : [values]];
      });
    }
    const out: Record<string, unknown> = {};
    for (const inner of Object.keys(source)) {
      if (source[inner] !== undefined) out[inner] = canonicalValue(inner, source[inner]);
    }
    return out;
  }
  return value;
}
