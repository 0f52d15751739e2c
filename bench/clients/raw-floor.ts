// The floor: not an MQTT library but the least a Node.js MQTT client can do on a node:net socket — MQTT 5 frames
// encoded by hand (fixed header, topic, packet id, empty properties, payload copied once), PUBACKs matched by id,
// every frame of one turn joined into one write, no validation, no queues, no reconnects, no events. What it costs
// per message is the cost of Node's socket, libuv and the kernel on this machine, which no JavaScript client gets
// below; what it reaches is what the broker can take. The report sets every library against it.
import { connect as netConnect, type Socket } from "node:net";
import { deferred, type BenchClient, type BenchClientOptions, type BenchQoS } from "./bench-client.js";

type Done = (error?: unknown) => void;

const CONNACK = 2;
const PUBLISH = 3;
const PUBACK = 4;
const SUBACK = 9;

/** Bytes of the Variable Byte Integer `value`. */
function varIntLength(value: number): number {
  return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
}

function writeVarInt(target: Buffer, offset: number, value: number): number {
  let remaining = value;
  do {
    let byte = remaining % 128;
    remaining = Math.floor(remaining / 128);
    if (remaining > 0) byte |= 0x80;
    target[offset++] = byte;
  } while (remaining > 0);
  return offset;
}

/** One frame: fixed header byte, Remaining Length, then `body`. */
function frame(firstByte: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(1 + varIntLength(body.length) + body.length);
  out[0] = firstByte;
  body.copy(out, writeVarInt(out, 1, body.length));
  return out;
}

function utf8Field(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

class FloorConnection {
  private readonly socket: Socket;
  private readonly pending: Buffer[] = [];
  private readonly pendingQos0: Done[] = [];
  private flushScheduled = false;
  /** QoS 1 completions by packet id. */
  private readonly awaitingAck: (Done | undefined)[] = [];
  private nextPacketId = 1;
  private readonly topicBytes = new Map<string, Buffer>();
  private rest: Buffer | undefined;
  private readonly connack = deferred<void>();
  private suback: ((error?: unknown) => void) | undefined;
  onMessage: ((payloadBytes: number) => void) | undefined;

  constructor(options: BenchClientOptions) {
    this.socket = netConnect({ host: options.host, port: options.port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.receive(chunk));
    this.socket.on("error", (error) => this.connack.reject(error));
    // CONNECT: protocol name, level 5, Clean Start, keep-alive 60, no properties, client id.
    const header = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 5, 0x02, 0, 60, 0]);
    this.socket.write(frame(0x10, Buffer.concat([header, utf8Field(options.clientId)])));
  }

  connected(): Promise<void> {
    return this.connack.promise;
  }

  subscribe(topic: string, qos: BenchQoS): Promise<void> {
    const done = deferred<void>();
    this.suback = (error) => (error === undefined ? done.resolve() : done.reject(error));
    // Packet id 0xFFFF is never used by publishes in a benchmark run; no properties; options byte = QoS.
    this.socket.write(frame(0x82, Buffer.concat([Buffer.from([0xff, 0xff, 0]), utf8Field(topic), Buffer.from([qos])])));
    return done.promise;
  }

  publish(topic: string, payload: Buffer, qos: BenchQoS, done: Done): void {
    let topicField = this.topicBytes.get(topic);
    if (topicField === undefined) this.topicBytes.set(topic, (topicField = utf8Field(topic)));
    const remaining = topicField.length + (qos > 0 ? 2 : 0) + 1 + payload.length;
    const out = Buffer.allocUnsafe(1 + varIntLength(remaining) + remaining);
    out[0] = 0x30 | (qos << 1);
    let offset = writeVarInt(out, 1, remaining);
    offset += topicField.copy(out, offset);
    if (qos > 0) {
      const packetId = this.nextPacketId;
      this.nextPacketId = packetId === 0xfffe ? 1 : packetId + 1;
      out.writeUInt16BE(packetId, offset);
      offset += 2;
      this.awaitingAck[packetId] = done;
    } else {
      this.pendingQos0.push(done);
    }
    out[offset++] = 0; // no properties
    payload.copy(out, offset);
    this.pending.push(out);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /**
   * Everything published in this turn leaves in one write. QoS 0 publishes complete when the OS took their bytes
   * (the write's callback), as "written" means for the libraries: completing them on the call would only measure
   * how fast Node's stream buffers a backlog that the broker has not read.
   */
  private flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    const bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    pending.length = 0;
    if (this.pendingQos0.length === 0) {
      this.socket.write(bytes);
      return;
    }
    const completions = this.pendingQos0.splice(0);
    this.socket.write(bytes, (error) => {
      for (const done of completions) done(error ?? undefined);
    });
  }

  private receive(chunk: Buffer): void {
    const bytes = this.rest === undefined ? chunk : Buffer.concat([this.rest, chunk]);
    let offset = 0;
    for (;;) {
      if (offset + 2 > bytes.length) break;
      let length = 0;
      let multiplier = 1;
      let cursor = offset + 1;
      let complete = false;
      while (cursor < bytes.length) {
        const byte = bytes[cursor++] as number;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || cursor + length > bytes.length) break;
      this.handle(bytes, offset, cursor, length);
      offset = cursor + length;
    }
    this.rest = offset === bytes.length ? undefined : bytes.subarray(offset);
  }

  private handle(bytes: Buffer, start: number, bodyStart: number, length: number): void {
    const first = bytes[start] as number;
    switch (first >> 4) {
      case CONNACK:
        if (bytes[bodyStart + 1] === 0) this.connack.resolve();
        else this.connack.reject(new Error(`CONNACK reason 0x${(bytes[bodyStart + 1] as number).toString(16)}`));
        return;
      case PUBACK: {
        const packetId = bytes.readUInt16BE(bodyStart);
        const done = this.awaitingAck[packetId];
        this.awaitingAck[packetId] = undefined;
        // Reason code present and ≥ 0x80: the broker refused it.
        const reason = length > 2 ? (bytes[bodyStart + 2] as number) : 0;
        done?.(reason >= 0x80 ? new Error(`PUBACK reason 0x${reason.toString(16)}`) : undefined);
        return;
      }
      case SUBACK:
        this.suback?.();
        this.suback = undefined;
        return;
      case PUBLISH: {
        const qos = (first >> 1) & 3;
        const topicLength = bytes.readUInt16BE(bodyStart);
        let cursor = bodyStart + 2 + topicLength;
        const packetId = qos > 0 ? bytes.readUInt16BE(cursor) : 0;
        if (qos > 0) cursor += 2;
        let propertiesLength = 0;
        let multiplier = 1;
        for (;;) {
          const byte = bytes[cursor++] as number;
          propertiesLength += (byte & 0x7f) * multiplier;
          multiplier *= 128;
          if ((byte & 0x80) === 0) break;
        }
        cursor += propertiesLength;
        this.onMessage?.(bodyStart + length - cursor);
        if (qos === 1) this.socket.write(Buffer.from([0x40, 2, packetId >> 8, packetId & 0xff]));
        return;
      }
      default:
        return;
    }
  }

  close(): Promise<void> {
    const closed = deferred<void>();
    this.socket.once("close", () => closed.resolve());
    this.socket.end(Buffer.from([0xe0, 0])); // DISCONNECT, normal
    return closed.promise;
  }
}

export function createRawFloorClient(options: BenchClientOptions): BenchClient {
  let connection: FloorConnection | undefined;
  const current = (): FloorConnection => {
    if (connection === undefined) throw new Error("floor client used before connect()");
    return connection;
  };
  return {
    connect() {
      connection = new FloorConnection(options);
      return connection.connected();
    },
    subscribe(topic, qos, onMessage) {
      current().onMessage = onMessage;
      return current().subscribe(topic, qos);
    },
    publish(topic, payload, qos, done) {
      current().publish(topic, payload, qos, done);
    },
    close() {
      return current().close();
    },
  };
}
