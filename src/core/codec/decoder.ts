// Decoding one packet from its fixed-header byte and its body (the Remaining Length bytes). Throws only
// MalformedPacketError (0x81) or ProtocolError (0x82 and the other codes the standard names).
import { MalformedPacketError, ProtocolError } from "../errors.js";
import { PacketType } from "../model/enums.js";
import type { Packet } from "../model/packet.js";
import { ByteReader } from "./byte-reader.js";
import { checkFirstByte } from "./fixed-header.js";
import { decodeAck } from "./packets/ack.js";
import { decodeAuth } from "./packets/auth.js";
import { decodeConnack } from "./packets/connack.js";
import { decodeConnect } from "./packets/connect.js";
import { decodeDisconnect } from "./packets/disconnect.js";
import { decodePing } from "./packets/ping.js";
import { decodePublish } from "./packets/publish.js";
import { decodeSubscribeAck } from "./packets/subscribe-ack.js";
import { decodeSubscribe } from "./packets/subscribe.js";
import { decodeUnsubscribe } from "./packets/unsubscribe.js";

/** Decodes a packet whose body is all of `body` (a view is fine; PUBLISH payloads stay views into it). */
export function decodePacket(fixedHeaderByte: number, body: Uint8Array): Packet {
  checkFirstByte(fixedHeaderByte);
  return decodeFrame(fixedHeaderByte, body, 0, body.length);
}

/**
 * Decodes the packet whose body is bytes[start, end); `firstByte` has passed checkFirstByte. Used by the
 * streaming decoder to decode packets in place inside a received chunk.
 */
export function decodeFrame(firstByte: number, bytes: Uint8Array, start: number, end: number): Packet {
  const reader = new ByteReader(bytes, start, end);
  try {
    return decodeBody(firstByte, reader);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // Defensive: the contract is "MalformedPacketError or ProtocolError, never anything else".
    throw new MalformedPacketError(`undecodable packet: ${String(error)}`);
  }
}

function decodeBody(firstByte: number, reader: ByteReader): Packet {
  const type = (firstByte >> 4) as PacketType;
  switch (type) {
    case PacketType.Publish:
      return decodePublish(firstByte, reader);
    case PacketType.Puback:
    case PacketType.Pubrec:
    case PacketType.Pubrel:
    case PacketType.Pubcomp:
      return decodeAck(type, reader);
    case PacketType.Connect:
      return decodeConnect(reader);
    case PacketType.Connack:
      return decodeConnack(reader);
    case PacketType.Subscribe:
      return decodeSubscribe(reader);
    case PacketType.Suback:
    case PacketType.Unsuback:
      return decodeSubscribeAck(type, reader);
    case PacketType.Unsubscribe:
      return decodeUnsubscribe(reader);
    case PacketType.Pingreq:
    case PacketType.Pingresp:
      return decodePing(type, reader);
    case PacketType.Disconnect:
      return decodeDisconnect(reader);
    case PacketType.Auth:
      return decodeAuth(reader);
    default:
      throw new MalformedPacketError(`reserved packet type ${String(type)}`);
  }
}
