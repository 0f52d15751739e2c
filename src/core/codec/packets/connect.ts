// CONNECT (MQTT 5 §3.1): `10 RL | 00 04 "MQTT" | version 5 | connect flags | keep alive | properties | payload`.
// Connect flags: b7 User Name, b6 Password, b5 Will Retain, b4–3 Will QoS, b2 Will Flag, b1 Clean Start,
// b0 reserved (0). Payload order [MQTT-3.1.3-1]: Client ID, [Will Properties, Will Topic, Will Payload],
// [User Name], [Password].
import { MalformedPacketError, ProtocolError, ValidationError } from "../../errors.js";
import { PacketType } from "../../model/enums.js";
import type { ConnectPacket, WillMessage } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { WILL_PROPERTIES } from "../properties.js";
import {
  binaryFieldLength,
  decodeProperties,
  propertiesLength,
  propertyBlockSize,
  writeProperties,
} from "../property-codec.js";
import { stringFieldLength } from "../utf8.js";

const PROTOCOL_VERSION = 5;
const USER_NAME_FLAG = 0x80;
const PASSWORD_FLAG = 0x40;
const WILL_RETAIN_FLAG = 0x20;
const WILL_FLAG = 0x04;
const CLEAN_START_FLAG = 0x02;
const RESERVED_FLAG = 0x01;
/** Protocol Name + Protocol Version + Connect Flags + Keep Alive. */
const VARIABLE_HEADER_FIXED_BYTES = 6 + 1 + 1 + 2;

export function measureConnect(packet: ConnectPacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, PacketType.Connect, 0);
  layout.propertiesLength = properties;
  let length = VARIABLE_HEADER_FIXED_BYTES + propertyBlockSize(properties);
  length += 2 + stringFieldLength(packet.clientId, "clientId"); // [MQTT-3.1.3-3] always present
  const will = packet.will;
  if (will !== undefined) {
    if (will.qos !== 0 && will.qos !== 1 && will.qos !== 2) throw new ValidationError("will.qos", "must be 0, 1 or 2");
    const willProperties = propertiesLength(will, WILL_PROPERTIES, 0);
    layout.willPropertiesLength = willProperties;
    length += propertyBlockSize(willProperties);
    length += 2 + stringFieldLength(will.topicName, "will.topicName");
    length += 2 + binaryFieldLength(will.payload, "will.payload");
  }
  if (packet.username !== undefined) length += 2 + stringFieldLength(packet.username, "username");
  if (packet.password !== undefined) length += 2 + binaryFieldLength(packet.password, "password");
  return length;
}

function connectFlags(packet: ConnectPacket): number {
  let flags = packet.cleanStart ? CLEAN_START_FLAG : 0; // [MQTT-3.1.2-3] bit 0 stays 0
  // [MQTT-3.1.2-16..19] the flags mirror the presence of the fields; a password alone is legal in MQTT 5.
  if (packet.username !== undefined) flags |= USER_NAME_FLAG;
  if (packet.password !== undefined) flags |= PASSWORD_FLAG;
  const will = packet.will;
  // [MQTT-3.1.2-11] [MQTT-3.1.2-13] without a will, Will QoS and Will Retain stay 0.
  if (will !== undefined) flags |= WILL_FLAG | (will.qos << 3) | (will.retain ? WILL_RETAIN_FLAG : 0);
  return flags;
}

export function writeConnect(writer: ByteWriter, packet: ConnectPacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = 0x10;
  writer.vbi(layout.remainingLength);
  writer.utf8("MQTT"); // [MQTT-3.1.2-1]
  writer.bytes[writer.pos++] = PROTOCOL_VERSION; // [MQTT-3.1.2-2]
  writer.bytes[writer.pos++] = connectFlags(packet);
  writer.u16(packet.keepAliveIntervalSeconds, "keepAliveIntervalSeconds");
  writeProperties(writer, packet, PacketType.Connect, 0, layout.propertiesLength);
  writer.utf8(packet.clientId);
  const will = packet.will;
  if (will !== undefined) {
    // [MQTT-3.1.2-9] Will Properties, Will Topic and Will Payload are all present.
    writeProperties(writer, will, WILL_PROPERTIES, 0, layout.willPropertiesLength);
    writer.utf8(will.topicName);
    writer.binary(will.payload);
  }
  if (packet.username !== undefined) writer.utf8(packet.username);
  if (packet.password !== undefined) writer.binary(packet.password);
}

export function decodeConnect(reader: ByteReader): ConnectPacket {
  const nameLength = reader.u16("protocolName");
  const name = reader.view(nameLength, "protocolName");
  // [MQTT-3.1.2-1] anything but "MQTT" is not this protocol.
  if (nameLength !== 4 || name[0] !== 0x4d || name[1] !== 0x51 || name[2] !== 0x54 || name[3] !== 0x54) {
    throw new MalformedPacketError("CONNECT: protocol name is not \"MQTT\"");
  }
  const version = reader.u8("protocolVersion");
  // [MQTT-3.1.2-2] a server answers another version with CONNACK 0x84 (Unsupported Protocol Version).
  if (version !== PROTOCOL_VERSION) throw new ProtocolError(0x84, `CONNECT: unsupported protocol version ${version}`);
  const flags = reader.u8("connectFlags");
  if ((flags & RESERVED_FLAG) !== 0) throw new MalformedPacketError("CONNECT: reserved flag is set"); // [MQTT-3.1.2-3]
  const willQos = (flags >> 3) & 0x03;
  const hasWill = (flags & WILL_FLAG) !== 0;
  if (hasWill && willQos === 3) throw new MalformedPacketError("CONNECT: Will QoS 3"); // [MQTT-3.1.2-12]
  if (!hasWill && (willQos !== 0 || (flags & WILL_RETAIN_FLAG) !== 0)) {
    // [MQTT-3.1.2-11] [MQTT-3.1.2-13]
    throw new MalformedPacketError("CONNECT: Will QoS or Will Retain set without the Will Flag");
  }
  const packet: ConnectPacket = {
    type: PacketType.Connect,
    clientId: "",
    cleanStart: (flags & CLEAN_START_FLAG) !== 0,
    keepAliveIntervalSeconds: reader.u16("keepAliveIntervalSeconds"),
  };
  decodeProperties(reader, PacketType.Connect, packet);
  if (packet.authenticationData !== undefined && packet.authenticationMethod === undefined) {
    throw new ProtocolError(0x82, "CONNECT: Authentication Data without Authentication Method");
  }
  packet.clientId = reader.utf8("clientId");
  if (hasWill) packet.will = decodeWill(reader, willQos, (flags & WILL_RETAIN_FLAG) !== 0);
  if ((flags & USER_NAME_FLAG) !== 0) packet.username = reader.utf8("username");
  if ((flags & PASSWORD_FLAG) !== 0) packet.password = reader.binary("password");
  reader.expectEnd("CONNECT");
  return packet;
}

function decodeWill(reader: ByteReader, qos: number, retain: boolean): WillMessage {
  const will: WillMessage = { topicName: "", payload: new Uint8Array(0), qos, retain };
  decodeProperties(reader, WILL_PROPERTIES, will);
  will.topicName = reader.utf8("will.topicName");
  will.payload = reader.binary("will.payload");
  return will;
}
