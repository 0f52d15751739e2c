// An open `ws` WebSocket as the byte-stream Transport the core runs on: every write is one binary frame
// [MQTT-6.0.0-1], every received binary message is handed on as bytes (frame boundaries mean nothing
// [MQTT-6.0.0-2]), and a text frame from the server is a protocol error that closes the connection [MQTT-6.0.0-1].
import type { Socket } from "node:net";
import type { RawData, WebSocket as WsWebSocket } from "ws";
import { ConnectionError } from "../core/errors.js";
import type { Transport } from "./transport.js";

/** ws's readyState value of an open connection. */
const OPEN = 1;
/** RFC 6455 close codes. */
const NORMAL_CLOSURE = 1000;
const PROTOCOL_ERROR = 1002;
const NO_STATUS_RECEIVED = 1005;
const ABNORMAL_CLOSURE = 1006;
/** How long close() waits for the server's close frame before dropping the connection. */
const CLOSE_GRACE_MS = 1_000;

export function websocketProtocolError(message: string, cause?: unknown): ConnectionError {
  const options: { cause?: unknown; crtName: string; crtCode: number } = { crtName: "AWS_ERROR_HTTP_WEBSOCKET_PROTOCOL_ERROR", crtCode: 2089 };
  if (cause !== undefined) options.cause = cause;
  return new ConnectionError("websocketProtocolError", `WebSocket protocol error: ${message}`, options);
}

function closedError(): ConnectionError {
  return new ConnectionError("connectionClosed", "the connection is closed", { crtName: "AWS_IO_SOCKET_CLOSED", crtCode: 1051 });
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Adapts a `ws` WebSocket (open, or still in its handshake) to the Transport interface. */
export class WebSocketTransport implements Transport {
  private closed = false;
  private closing = false;
  private closeError: Error | undefined;
  private lastError: Error | undefined;
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private readonly dataListeners: ((bytes: Uint8Array) => void)[] = [];
  /** Messages that arrived before anyone listened (the driver attaches right after the factory resolves). */
  private pending: Uint8Array[] = [];

  /** `mapError` names errors of the established connection (WebSocket protocol, TLS or socket). */
  constructor(
    private readonly ws: WsWebSocket,
    private readonly socket: Socket,
    private readonly mapError: (error: Error) => ConnectionError,
  ) {
    // Permanent listeners: an 'error' without a listener would be thrown by the EventEmitter.
    ws.on("error", (error: Error) => {
      this.lastError = error;
    });
    ws.on("close", (code: number, reason: Buffer) => this.finish(this.errorForClose(code, reason)));
    ws.on("message", (data: RawData, isBinary: boolean) => this.receive(data, isBinary));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed || this.closing || this.ws.readyState !== OPEN) return Promise.reject(closedError());
    return new Promise<void>((resolve, reject) => {
      // One binary frame per write [MQTT-6.0.0-1]; ws copies while masking, so `bytes` stays untouched.
      this.ws.send(bytes, { binary: true }, (error?: Error) => {
        if (error) reject(this.mapError(error));
        else resolve();
      });
    });
  }

  close(): void {
    if (this.closing || this.closed) return;
    this.closing = true;
    // A close frame after what was queued (e.g. a DISCONNECT); drop the connection if the server never answers,
    // and let the process exit meanwhile.
    this.ws.close(NORMAL_CLOSURE);
    this.dropAfterGrace();
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListeners.push(listener);
    const pending = this.pending;
    this.pending = [];
    for (const bytes of pending) listener(bytes);
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closed) {
      const error = this.closeError;
      queueMicrotask(() => listener(error));
      return;
    }
    this.closeListeners.push(listener);
  }

  /** Drops a connection whose handshake was given up (timeout, abort, refused upgrade). */
  abandon(): void {
    this.closing = true;
    this.ws.terminate();
    this.socket.destroy();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed || this.closing) return;
    if (!isBinary) {
      this.protocolViolation();
      return;
    }
    const bytes = toBytes(data);
    if (this.dataListeners.length === 0) this.pending.push(bytes);
    for (const listener of this.dataListeners) listener(bytes);
  }

  /** A text frame: MQTT allows binary frames only, so the connection closes with a protocol error [MQTT-6.0.0-1]. */
  private protocolViolation(): void {
    this.closing = true;
    const error = websocketProtocolError("the server sent a text frame; MQTT over WebSocket uses binary frames only");
    this.ws.close(PROTOCOL_ERROR, "MQTT requires binary frames");
    this.dropAfterGrace();
    this.finish(error);
  }

  private dropAfterGrace(): void {
    this.socket.unref();
    const timer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    timer.unref();
    this.ws.once("close", () => clearTimeout(timer));
  }

  private errorForClose(code: number, reason: Buffer): Error | undefined {
    if (this.closing) return undefined; // we closed it
    if (this.lastError !== undefined) return this.mapError(this.lastError);
    // A close frame with 1000 / without a status, or the TCP connection ending: an orderly close by the server.
    if (code === NORMAL_CLOSURE || code === NO_STATUS_RECEIVED || code === ABNORMAL_CLOSURE) return undefined;
    const text = reason.toString("utf8").replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
    return new ConnectionError("websocketClosed", `the server closed the WebSocket connection with code ${code}${text === "" ? "" : ` (${text})`}`, {
      crtName: "AWS_ERROR_MQTT_UNEXPECTED_HANGUP",
      crtCode: 5134,
    });
  }

  private finish(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}
