// Just enough RFC 6455 for tests to talk MQTT over a raw WebSocket without a dependency: the client
// opening handshake, masked client frames, and a streaming decoder for server frames that reassembles
// fragmented messages. Not a general WebSocket implementation (no extensions, no UTF-8 checks).
import { createHash, randomBytes } from "node:crypto";

export const WebSocketOpcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

export interface WebSocketFrame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Uint8Array;
}

const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export function newWebSocketKey(): string {
  return randomBytes(16).toString("base64");
}

/** The Sec-WebSocket-Accept value a server must answer to `key`. */
export function expectedAccept(key: string): string {
  return createHash("sha1").update(key + HANDSHAKE_GUID).digest("base64");
}

export function buildUpgradeRequest(hostHeader: string, path: string, protocol: string, key: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${hostHeader}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
    `Sec-WebSocket-Protocol: ${protocol}`,
    "",
    "",
  ].join("\r\n");
}

/** A client→server frame: always masked, as RFC 6455 §5.3 requires of clients. */
export function encodeClientFrame(opcode: number, payload: Uint8Array, fin = true): Uint8Array {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
  const frame = new Uint8Array(2 + lengthBytes + 4 + length);
  frame[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
  const view = new DataView(frame.buffer);
  if (lengthBytes === 0) frame[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    view.setUint16(2, length);
  } else {
    frame[1] = 0x80 | 127;
    view.setBigUint64(2, BigInt(length));
  }
  const maskOffset = 2 + lengthBytes;
  const mask = randomBytes(4);
  frame.set(mask, maskOffset);
  for (let i = 0; i < length; i++) frame[maskOffset + 4 + i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return frame;
}

/** Streaming decoder for server frames; `push` returns the complete frames now available. */
export class WebSocketFrameDecoder {
  private pending = new Uint8Array(0);

  push(chunk: Uint8Array): WebSocketFrame[] {
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const frames: WebSocketFrame[] = [];
    let offset = 0;
    for (;;) {
      const frame = parseFrame(joined, offset);
      if (frame === undefined) break;
      frames.push(frame.frame);
      offset = frame.end;
    }
    this.pending = joined.slice(offset);
    return frames;
  }
}

function parseFrame(bytes: Uint8Array, start: number): { frame: WebSocketFrame; end: number } | undefined {
  if (bytes.length - start < 2) return undefined;
  const first = bytes[start] ?? 0;
  const second = bytes[start + 1] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = start + 2;
  let length = second & 0x7f;
  if (length === 126) {
    if (bytes.length < offset + 2) return undefined;
    length = view.getUint16(offset);
    offset += 2;
  } else if (length === 127) {
    if (bytes.length < offset + 8) return undefined;
    length = Number(view.getBigUint64(offset));
    offset += 8;
  }
  const masked = (second & 0x80) !== 0;
  const mask = masked ? bytes.slice(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (bytes.length < offset + length) return undefined;
  const payload = bytes.slice(offset, offset + length);
  if (mask !== undefined) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { frame: { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload }, end: offset + length };
}

/** Joins data frames (first frame + continuations) into whole messages; control frames pass through. */
export class WebSocketMessageAssembler {
  private parts: Uint8Array[] = [];

  /** Returns the completed message payload, or undefined while a fragmented message is still open. */
  accept(frame: WebSocketFrame): Uint8Array | undefined {
    this.parts.push(frame.payload);
    if (!frame.fin) return undefined;
    const total = this.parts.reduce((sum, part) => sum + part.length, 0);
    const message = new Uint8Array(total);
    let offset = 0;
    for (const part of this.parts) {
      message.set(part, offset);
      offset += part.length;
    }
    this.parts = [];
    return message;
  }
}
