// SUBSCRIBE (MQTT 5 §3.8): `82 RL | packet id | properties | (topic filter, subscription options)+`.
// Options: b1–0 Maximum QoS, b2 No Local, b3 Retain As Published, b5–4 Retain Handling, b7–6 reserved (0).
import { MalformedPacketError, ProtocolError, ValidationError } from "../../errors.js";
import { PacketType } from "../../model/enums.js";
import type { SubscribePacket, Subscription } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { stringFieldLength } from "../utf8.js";

export function measureSubscribe(packet: SubscribePacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, PacketType.Subscribe, 0);
  layout.propertiesLength = properties;
  let length = 2 + propertyBlockSize(properties);
  const subscriptions = packet.subscriptions;
  for (let i = 0; i < subscriptions.length; i++) {
    length += 3 + stringFieldLength(subscriptions[i]!.topicFilter, "subscriptions.topicFilter");
  }
  return length;
}

function subscriptionOptions(subscription: Subscription): number {
  const qos = subscription.qos;
  const retainHandling = subscription.retainHandlingType ?? 0;
  // Values that would spill into neighbouring bits cannot be encoded.
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new ValidationError("subscriptions.qos", "must be 0, 1 or 2");
  if (retainHandling !== 0 && retainHandling !== 1 && retainHandling !== 2) {
    throw new ValidationError("subscriptions.retainHandlingType", "must be 0, 1 or 2");
  }
  // [MQTT-3.8.3-5] bits 7–6 are reserved and written as 0.
  return (
    qos | (subscription.noLocal === true ? 0x04 : 0) | (subscription.retainAsPublished === true ? 0x08 : 0) |
    (retainHandling << 4)
  );
}

export function writeSubscribe(writer: ByteWriter, packet: SubscribePacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = 0x82; // [MQTT-3.8.1-1]
  writer.vbi(layout.remainingLength);
  writer.u16(packet.packetId, "packetId");
  writeProperties(writer, packet, PacketType.Subscribe, 0, layout.propertiesLength);
  for (const subscription of packet.subscriptions) {
    writer.utf8(subscription.topicFilter);
    writer.bytes[writer.pos++] = subscriptionOptions(subscription);
  }
}

export function decodeSubscribe(reader: ByteReader): SubscribePacket {
  const packet: SubscribePacket = { type: PacketType.Subscribe, packetId: reader.u16("packetId"), subscriptions: [] };
  decodeProperties(reader, PacketType.Subscribe, packet);
  while (reader.hasMore()) {
    const topicFilter = reader.utf8("topicFilter");
    const options = reader.u8("subscriptionOptions");
    // [MQTT-3.8.3-5] reserved bits set → malformed.
    if ((options & 0xc0) !== 0) throw new MalformedPacketError("SUBSCRIBE: reserved subscription option bits are set");
    const qos = options & 0x03;
    if (qos === 3) throw new ProtocolError(0x82, "SUBSCRIBE: Maximum QoS 3");
    const retainHandlingType = (options >> 4) & 0x03;
    if (retainHandlingType === 3) throw new ProtocolError(0x82, "SUBSCRIBE: Retain Handling 3");
    packet.subscriptions.push({
      topicFilter,
      qos,
      noLocal: (options & 0x04) !== 0,
      retainAsPublished: (options & 0x08) !== 0,
      retainHandlingType,
    });
  }
  // [MQTT-3.8.3-2] at least one filter; an empty payload is a Protocol Error.
  if (packet.subscriptions.length === 0) throw new ProtocolError(0x82, "SUBSCRIBE: no topic filter");
  return packet;
}
