// Packet encoding: measure first (sizes, and checks that every value can be encoded), then write one
// exact-size buffer. ACK-like packets that exceed the peer's Maximum Packet Size lose their Reason String, then
// their User Properties [MQTT-3.4.2-2/-3, 3.5.2-2/-3, 3.6.2-2/-3, 3.7.2-2/-3, 3.9.2-1/-2, 3.11.2-1/-2,
// 3.14.2-3/-4, 3.15.2-2/-3, 3.2.2-19/-20]; anything else too large is a PacketTooLargeError.
import { MqttClientError, PacketTooLargeError, ValidationError } from "../errors.js";
import { PacketType } from "../model/enums.js";
import { assertNever, type Packet, type PublishPacket } from "../model/packet.js";
import { ByteWriter } from "./byte-writer.js";
import { PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES, type EncodeOptions } from "./codec-context.js";
import { createEncodeLayout } from "./encode-layout.js";
import { packetName } from "./fixed-header.js";
import { allocateOutput } from "./output-buffer.js";
import { measureAck, writeAck } from "./packets/ack.js";
import { measureAuth, writeAuth } from "./packets/auth.js";
import { measureConnack, writeConnack } from "./packets/connack.js";
import { measureConnect, writeConnect } from "./packets/connect.js";
import { measureDisconnect, writeDisconnect } from "./packets/disconnect.js";
import { writePing } from "./packets/ping.js";
import { measurePublish, writePublish, writePublishHeader } from "./packets/publish.js";
import { measureSubscribeAck, writeSubscribeAck } from "./packets/subscribe-ack.js";
import { measureSubscribe, writeSubscribe } from "./packets/subscribe.js";
import { measureUnsubscribe, writeUnsubscribe } from "./packets/unsubscribe.js";
import { OMIT_REASON_STRING, OMIT_USER_PROPERTIES } from "./properties.js";
import { VBI_MAXIMUM, vbiSize } from "./vbi.js";

/** Shared by the measuring and writing pass of one encode call; encoding is synchronous and not re-entrant. */
const layout = createEncodeLayout();
const NO_BYTES = new Uint8Array(0);
/** Likewise one writer for every call, pointed at each call's target and back at NO_BYTES afterwards. */
const sharedWriter = new ByteWriter(NO_BYTES, 0);

/** Omission steps tried, in order, for packets whose optional properties may be dropped. */
const OMISSION_STEPS = [OMIT_REASON_STRING, OMIT_REASON_STRING | OMIT_USER_PROPERTIES];

/** Total encoded size in bytes, fixed header included (no omission). */
export function packetSize(packet: Packet): number {
  layout.omit = 0;
  return totalSize(measure(packet));
}

/**
 * Encodes `packet` into a new exact-size buffer (a view into a shared slab; see output-buffer.ts). Packets above
 * `options.maximumPacketSizeBytes` shrink by omission where the standard allows it, else PacketTooLargeError.
 */
export function encodePacket(packet: Packet, options?: EncodeOptions): Uint8Array {
  const limit = Math.min(
    options?.maximumPacketSizeBytes ?? PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES,
    PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES,
  );
  layout.omit = 0;
  let size = totalSize(measure(packet));
  if (size > limit) size = shrinkToFit(packet, size, limit);
  const bytes = allocateOutput(size);
  try {
    writeChecked(packet, sharedWriter.reset(bytes, 0), size);
  } finally {
    sharedWriter.reset(NO_BYTES, 0);
  }
  return bytes;
}

/** From this payload size on, encodePacketParts hands the payload over instead of copying it. */
const ZERO_COPY_PAYLOAD_BYTES = 1024;

/**
 * Like encodePacket, but a PUBLISH with a large payload comes back as two parts — everything up to the payload,
 * then the caller's payload itself (not copied) — for transports that can write several buffers in a row
 * (socket.cork/writev; MQTT over WebSocket may split packets across frames [MQTT-6.0.0-2]). Copying a large
 * payload into fresh memory costs more than the rest of the encoding. The caller must not modify the payload
 * until it has been written. Other packets come back as one part.
 */
export function encodePacketParts(packet: Packet, options?: EncodeOptions): Uint8Array[] {
  if (packet.type !== PacketType.Publish || packet.payload.length < ZERO_COPY_PAYLOAD_BYTES) {
    return [encodePacket(packet, options)];
  }
  const limit = Math.min(
    options?.maximumPacketSizeBytes ?? PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES,
    PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES,
  );
  layout.omit = 0;
  const size = totalSize(measurePublish(packet, layout));
  if (size > limit) throw new PacketTooLargeError(size, limit, "PUBLISH");
  const headerSize = size - packet.payload.length;
  const header = allocateOutput(headerSize);
  const writer = new ByteWriter(header, 0);
  writePublishHeader(writer, packet, layout);
  if (writer.pos !== headerSize) {
    throw new MqttClientError("internalError", `codec: PUBLISH header measured ${headerSize} bytes, wrote ${writer.pos}`);
  }
  return [header, packet.payload];
}

/**
 * Encodes everything of `packet` but its payload into `target` at `offset` (no size limit) and returns the offset
 * after it; the payload must follow on the wire as it is. For writers that send large payloads without copying.
 */
export function encodePublishHeaderInto(packet: PublishPacket, target: Uint8Array, offset: number): number {
  layout.omit = 0;
  const size = totalSize(measurePublish(packet, layout));
  if (size > PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES) throw new PacketTooLargeError(size, PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES, "PUBLISH");
  const headerSize = size - packet.payload.length;
  if (offset < 0 || offset + headerSize > target.length) {
    throw new ValidationError("target", `needs ${headerSize} bytes from offset ${offset}`);
  }
  try {
    const writer = sharedWriter.reset(target, offset);
    writePublishHeader(writer, packet, layout);
    if (writer.pos - offset !== headerSize) {
      throw new MqttClientError("internalError", `codec: PUBLISH header measured ${headerSize} bytes, wrote ${writer.pos - offset}`);
    }
  } finally {
    sharedWriter.reset(NO_BYTES, 0);
  }
  return offset + headerSize;
}

/** Encodes `packet` into `target` at `offset` without a size limit; returns the offset after the packet. */
export function encodePacketInto(packet: Packet, target: Uint8Array, offset: number): number {
  layout.omit = 0;
  const size = totalSize(measure(packet));
  if (size > PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES) {
    throw new PacketTooLargeError(size, PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES, packetName(packet.type));
  }
  if (offset < 0 || offset + size > target.length) {
    throw new ValidationError("target", `needs ${size} bytes from offset ${offset}`);
  }
  try {
    writeChecked(packet, sharedWriter.reset(target, offset), size);
  } finally {
    sharedWriter.reset(NO_BYTES, 0);
  }
  return offset + size;
}

function totalSize(remainingLength: number): number {
  layout.remainingLength = remainingLength;
  // Above VBI_MAXIMUM the packet cannot be framed; its size still exceeds every limit, which callers check.
  return 1 + (remainingLength > VBI_MAXIMUM ? 4 : vbiSize(remainingLength)) + remainingLength;
}

function isOmissible(type: PacketType): boolean {
  return type !== PacketType.Connect && type !== PacketType.Publish && type !== PacketType.Subscribe &&
    type !== PacketType.Unsubscribe;
}

function shrinkToFit(packet: Packet, fullSize: number, limit: number): number {
  if (isOmissible(packet.type)) {
    for (const omit of OMISSION_STEPS) {
      layout.omit = omit;
      const size = totalSize(measure(packet));
      if (size <= limit) return size;
    }
  }
  throw new PacketTooLargeError(fullSize, limit, packetName(packet.type));
}

/** Remaining Length of `packet` under layout.omit; fills the layout's property lengths. */
function measure(packet: Packet): number {
  switch (packet.type) {
    case PacketType.Publish:
      return measurePublish(packet, layout);
    case PacketType.Puback:
    case PacketType.Pubrec:
    case PacketType.Pubrel:
    case PacketType.Pubcomp:
      return measureAck(packet, layout);
    case PacketType.Connect:
      return measureConnect(packet, layout);
    case PacketType.Connack:
      return measureConnack(packet, layout);
    case PacketType.Subscribe:
      return measureSubscribe(packet, layout);
    case PacketType.Suback:
    case PacketType.Unsuback:
      return measureSubscribeAck(packet, layout);
    case PacketType.Unsubscribe:
      return measureUnsubscribe(packet, layout);
    case PacketType.Pingreq:
    case PacketType.Pingresp:
      return 0;
    case PacketType.Disconnect:
      return measureDisconnect(packet, layout);
    case PacketType.Auth:
      return measureAuth(packet, layout);
    default:
      return assertNever(packet, "packet type");
  }
}

function writeChecked(packet: Packet, writer: ByteWriter, size: number): void {
  const start = writer.pos;
  write(packet, writer);
  // The measuring pass and the writing pass must agree; a mismatch would put malformed bytes on the wire.
  if (writer.pos - start !== size) {
    throw new MqttClientError("internalError", `codec: ${packetName(packet.type)} measured ${size} bytes, wrote ${writer.pos - start}`);
  }
}

function write(packet: Packet, writer: ByteWriter): void {
  switch (packet.type) {
    case PacketType.Publish:
      return writePublish(writer, packet, layout);
    case PacketType.Puback:
    case PacketType.Pubrec:
    case PacketType.Pubrel:
    case PacketType.Pubcomp:
      return writeAck(writer, packet, layout);
    case PacketType.Connect:
      return writeConnect(writer, packet, layout);
    case PacketType.Connack:
      return writeConnack(writer, packet, layout);
    case PacketType.Subscribe:
      return writeSubscribe(writer, packet, layout);
    case PacketType.Suback:
    case PacketType.Unsuback:
      return writeSubscribeAck(writer, packet, layout);
    case PacketType.Unsubscribe:
      return writeUnsubscribe(writer, packet, layout);
    case PacketType.Pingreq:
    case PacketType.Pingresp:
      return writePing(writer, packet);
    case PacketType.Disconnect:
      return writeDisconnect(writer, packet, layout);
    case PacketType.Auth:
      return writeAuth(writer, packet, layout);
    default:
      return assertNever(packet, "packet type");
  }
}
