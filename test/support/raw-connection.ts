// Building blocks of the raw test connections (see raw-connections.ts): a byte inbox that readers wait on
// with a timeout, MQTT packet splitting by the fixed header, and TCP/TLS socket openers.
//
// Sockets are unref'd: every read has a timeout (its timer keeps the process alive while waiting), and a
// test that forgets to close a connection does not hang its file.
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface MqttFrame {
  readonly fixedHeaderByte: number;
  /** Bytes after the Remaining Length (what `decodePacket(fixedHeaderByte, body)` takes). */
  readonly body: Uint8Array;
  /** The whole packet as received. */
  readonly bytes: Uint8Array;
}

export interface RawConnection {
  readonly socket: Socket;
  write(bytes: Uint8Array): void;
  /** Whatever bytes are buffered (waits for at least one). */
  read(timeoutMs?: number): Promise<Uint8Array>;
  readExactly(count: number, timeoutMs?: number): Promise<Uint8Array>;
  /** One MQTT control packet, split by its fixed header (no decoding beyond the Remaining Length). */
  readMqttFrame(timeoutMs?: number): Promise<MqttFrame>;
  /** Resolves when the peer has closed the connection, with the socket error if there was one. */
  waitForClose(timeoutMs?: number): Promise<Error | undefined>;
  readonly isClosed: boolean;
  /** Ends the connection (a WebSocket sends a close frame first) and destroys the socket. */
  close(): void;
}

/** Received bytes plus close state; readers wait on a predicate with a timeout. */
export class Inbox {
  private chunks: Uint8Array[] = [];
  private length = 0;
  closed = false;
  closeError: Error | undefined;
  private readonly waiters = new Set<() => void>();

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.wake();
  }

  end(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** All buffered bytes as one array (without consuming them). */
  peek(): Uint8Array {
    if (this.chunks.length > 1) {
      const joined = new Uint8Array(this.length);
      let offset = 0;
      for (const chunk of this.chunks) {
        joined.set(chunk, offset);
        offset += chunk.length;
      }
      this.chunks = [joined];
    }
    return this.chunks[0] ?? new Uint8Array(0);
  }

  take(count: number): Uint8Array {
    const all = this.peek();
    const taken = all.slice(0, count);
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return taken;
  }

  /** Waits until `attempt` returns a value, re-trying on every arrival; rejects on close or timeout. */
  waitFor<T>(what: string, timeoutMs: number, attempt: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = attempt();
        if (value !== undefined) return finish(() => resolve(value));
        if (this.closed) {
          const cause = this.closeError ? `: ${this.closeError.message}` : "";
          finish(() => reject(new Error(`connection closed while waiting for ${what}${cause}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }
}

function splitMqttFrame(bytes: Uint8Array): number | undefined {
  // Fixed header: 1 byte, then the Remaining Length as a Variable Byte Integer of at most 4 bytes.
  let remaining = 0;
  for (let i = 1; i <= 4; i++) {
    const byte = bytes[i];
    if (byte === undefined) return undefined;
    remaining += (byte & 0x7f) * 128 ** (i - 1);
    if ((byte & 0x80) === 0) return bytes.length >= i + 1 + remaining ? i + 1 + remaining : undefined;
  }
  throw new Error("malformed Remaining Length from the broker (more than 4 bytes)");
}

export function makeConnection(socket: Socket, inbox: Inbox, writeBytes: (bytes: Uint8Array) => void, close: () => void): RawConnection {
  return {
    socket,
    write: writeBytes,
    read: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
      inbox.waitFor("bytes", timeoutMs, () => (inbox.peek().length > 0 ? inbox.take(inbox.peek().length) : undefined)),
    readExactly: (count, timeoutMs = DEFAULT_TIMEOUT_MS) =>
      inbox.waitFor(`${count} bytes`, timeoutMs, () => (inbox.peek().length >= count ? inbox.take(count) : undefined)),
    readMqttFrame: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
      inbox.waitFor("an MQTT packet", timeoutMs, () => {
        const size = splitMqttFrame(inbox.peek());
        if (size === undefined) return undefined;
        const bytes = inbox.take(size);
        return { fixedHeaderByte: bytes[0] ?? 0, body: bytes.subarray(headerBodyOffset(bytes)), bytes };
      }),
    waitForClose: async (timeoutMs = DEFAULT_TIMEOUT_MS) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        if (inbox.closed) done();
        else socket.once("close", done);
      });
      return inbox.closeError;
    },
    get isClosed() {
      return inbox.closed;
    },
    close,
  };
}

/** Offset of the first body byte: after the type byte and the Remaining Length's bytes. */
function headerBodyOffset(bytes: Uint8Array): number {
  let i = 1;
  while (((bytes[i] ?? 0) & 0x80) !== 0) i++;
  return i + 1;
}

export function attachPlain(socket: Socket): RawConnection {
  const inbox = new Inbox();
  socket.on("data", (chunk: Buffer) => inbox.push(new Uint8Array(chunk)));
  socket.on("error", (error) => inbox.end(error));
  socket.on("close", () => inbox.end());
  return makeConnection(socket, inbox, (bytes) => socket.write(bytes), () => socket.destroy());
}

function waitForEvent(socket: Socket, event: "connect" | "secureConnect", timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.removeListener("error", onError);
      resolve();
    });
    const onError = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once("error", onError);
  });
}

export interface RawTcpOptions {
  readonly port: number;
  readonly host?: string;
  readonly timeoutMs?: number;
}

/** TLS options: `ca`, `cert`/`key` or `pfx`/`passphrase`, … (servername defaults to "localhost"). */
export interface RawTlsOptions extends RawTcpOptions {
  readonly tls?: ConnectionOptions;
}

export async function openPlainSocket(options: RawTcpOptions): Promise<Socket> {
  const socket = netConnect({ port: options.port, host: options.host ?? "127.0.0.1" });
  socket.setNoDelay(true);
  socket.unref();
  await waitForEvent(socket, "connect", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return socket;
}

export async function connectTls(options: RawTlsOptions): Promise<Socket> {
  const socket = tlsConnect({
    servername: "localhost",
    ...options.tls,
    port: options.port,
    host: options.host ?? "127.0.0.1",
  });
  socket.setNoDelay(true);
  socket.unref();
  await waitForEvent(socket, "secureConnect", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return socket;
}
