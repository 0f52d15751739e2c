// Streaming decoder: turns a byte stream cut into arbitrary chunks (down to one byte) into packets.
//
// Theory of operation. Three states: waiting for byte 1 of a fixed header → reading the Remaining Length VBI →
// reading the body. As soon as the Remaining Length is complete the total size (1 + VBI bytes + RL) is checked
// against our Maximum Packet Size, before any body byte is stored [MQTT-3.1.2-24]. A packet whose body lies
// inside the current chunk is decoded in place (no copy: PUBLISH payloads are views into the chunk). A body
// that spans chunks is assembled into an exact-size buffer: allocated at once when it is small, grown
// geometrically (capped at the Remaining Length) when it is large, so memory follows the bytes actually
// received rather than what a header announces. After an error the decoder stays failed (every push
// rethrows) until reset(), because the stream position is lost.
import { MalformedPacketError, ProtocolError } from "../errors.js";
import type { Packet } from "../model/packet.js";
import { PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES, type DecodeOptions } from "./codec-context.js";
import { decodeFrame } from "./decoder.js";
import { checkFirstByte } from "./fixed-header.js";
import { checkVbiByte } from "./vbi.js";

/** Bodies up to this size are allocated in full when they start; larger ones grow as their bytes arrive. */
const ALLOCATE_UP_FRONT_BYTES = 64 * 1024;

const enum State {
  FirstByte,
  RemainingLength,
  Body,
}

export class PacketDecoder {
  private readonly maximumPacketSizeBytes: number;
  private state = State.FirstByte;
  private firstByte = 0;
  private remainingLength = 0;
  private remainingLengthBytes = 0;
  private multiplier = 1;
  /** Assembly buffer of a body spanning chunks; its length reaches remainingLength by the time it is full. */
  private body: Uint8Array | undefined;
  private bodyFilled = 0;
  private failure: ProtocolError | undefined;

  constructor(options?: DecodeOptions) {
    this.maximumPacketSizeBytes = options?.maximumPacketSizeBytes ?? PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES;
  }

  /** Bytes held for a packet that is not complete yet (fixed-header bytes plus assembled body bytes). */
  get bufferedBytes(): number {
    if (this.state === State.FirstByte) return 0;
    return 1 + this.remainingLengthBytes + this.bodyFilled;
  }

  /** Forgets any partial packet and a previous failure (use on a new connection). */
  reset(): void {
    this.state = State.FirstByte;
    this.body = undefined;
    this.bodyFilled = 0;
    this.remainingLengthBytes = 0;
    this.failure = undefined;
  }

  /**
   * Consumes `chunk` and returns the packets it completes, in order. Throws MalformedPacketError /
   * ProtocolError (0x95 for a packet above the Maximum Packet Size); packets completed earlier in the same
   * chunk are lost with the error, which ends the connection anyway. Decoded packets may be views into `chunk`
   * (PUBLISH payloads, binary properties), so the caller must not modify a chunk after pushing it.
   */
  push(chunk: Uint8Array): Packet[] {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.consume(chunk);
    } catch (error) {
      this.failure = error instanceof ProtocolError ? error : new MalformedPacketError(String(error));
      this.body = undefined;
      throw this.failure;
    }
  }

  private consume(chunk: Uint8Array): Packet[] {
    const packets: Packet[] = [];
    const length = chunk.length;
    let pos = 0;
    while (pos < length) {
      if (this.state === State.FirstByte) {
        const firstByte = chunk[pos++]!;
        checkFirstByte(firstByte); // early: reject type 0 and bad flags before buffering anything
        this.firstByte = firstByte;
        this.remainingLength = 0;
        this.remainingLengthBytes = 0;
        this.multiplier = 1;
        this.state = State.RemainingLength;
      }
      if (this.state === State.RemainingLength) {
        pos = this.readRemainingLength(chunk, pos);
        if (this.state === State.RemainingLength) break; // VBI continues in the next chunk
        const bodyLength = this.remainingLength;
        if (length - pos >= bodyLength) {
          // Whole body inside this chunk: decode in place.
          packets.push(decodeFrame(this.firstByte, chunk, pos, pos + bodyLength));
          pos += bodyLength;
          this.state = State.FirstByte;
          continue;
        }
        const available = length - pos;
        this.body = new Uint8Array(
          bodyLength <= ALLOCATE_UP_FRONT_BYTES
            ? bodyLength
            : Math.min(bodyLength, Math.max(ALLOCATE_UP_FRONT_BYTES, 2 * available)),
        );
        this.bodyFilled = 0;
        this.state = State.Body;
      }
      pos = this.fillBody(chunk, pos);
      const body = this.body!;
      if (this.bodyFilled === this.remainingLength) {
        this.body = undefined;
        this.bodyFilled = 0;
        this.state = State.FirstByte;
        packets.push(decodeFrame(this.firstByte, body, 0, body.length));
      }
    }
    return packets;
  }

  /** Reads Remaining Length bytes from chunk[pos…]; leaves State.Body-ready values once complete. */
  private readRemainingLength(chunk: Uint8Array, pos: number): number {
    const length = chunk.length;
    while (pos < length) {
      const byte = chunk[pos++]!;
      checkVbiByte(byte, this.remainingLengthBytes, "Remaining Length"); // [MQTT-1.5.5-1]
      this.remainingLengthBytes++;
      this.remainingLength += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      if (byte < 0x80) {
        const packetSize = 1 + this.remainingLengthBytes + this.remainingLength;
        // [MQTT-3.1.2-24] decided from the header alone, before the body is buffered.
        if (packetSize > this.maximumPacketSizeBytes) {
          throw new ProtocolError(
            0x95,
            `packet of ${packetSize} bytes exceeds the Maximum Packet Size of ${this.maximumPacketSizeBytes} bytes`,
          );
        }
        this.state = State.Body;
        return pos;
      }
    }
    return pos;
  }

  private fillBody(chunk: Uint8Array, pos: number): number {
    const take = Math.min(this.remainingLength - this.bodyFilled, chunk.length - pos);
    let body = this.body!;
    if (this.bodyFilled + take > body.length) {
      // Grow geometrically, never beyond the body's size, so the finished buffer is exact-size.
      const grown = new Uint8Array(Math.min(this.remainingLength, Math.max(2 * body.length, this.bodyFilled + take)));
      grown.set(body.subarray(0, this.bodyFilled));
      this.body = body = grown;
    }
    body.set(chunk.subarray(pos, pos + take), this.bodyFilled);
    this.bodyFilled += take;
    return pos + take;
  }
}
