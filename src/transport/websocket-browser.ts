// MQTT over the platform's WebSocket (browsers, web workers; any object with the WHATWG WebSocket shape): binary
// frames (binaryType "arraybuffer"), sub-protocol `mqtt` [MQTT-6.0.0-1..4]. The browser does the framing; this
// transport only moves bytes, as every transport does (DESIGN.md §8.2c).
//
// Browser specifics handled here:
// - No drain event: write() resolves once `bufferedAmount` is back under a high-water mark (polled), so the core's
//   one-write-outstanding rule still bounds what sits in the browser's send buffer.
// - The tab's network status: when `navigator.onLine` is false an attempt waits for the `online` event instead of
//   failing (so reconnecting does not burn through the backoff while offline, and starts at once when the network
//   returns), and an open connection is closed on the `offline` event, because its socket is dead anyway and the
//   browser may take minutes to notice.
// - Error texts never contain the URL's query (a SigV4-presigned URL carries a signature and a session token).
import { ConnectionError } from "../core/errors.js";
import type { Transport, TransportFactory } from "./transport.js";

/** The part of the WHATWG WebSocket API this transport uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string; readonly wasClean: boolean }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructorLike = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Where `online` / `offline` events come from (the window or worker global scope). */
export interface NetworkStatusSource {
  readonly onLine: boolean;
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

export interface BrowserWebSocketOptions {
  /** The URL of one attempt; called once per attempt (may be async: SigV4 presigning, token refresh). */
  readonly url: (signal: AbortSignal) => string | Promise<string>;
  /** Sub-protocols offered. Default "mqtt". */
  readonly protocols?: string | string[];
  /** Bound on opening the WebSocket (URL excluded), ms. Default 10,000. */
  readonly connectTimeoutMs?: number;
  /** WebSocket implementation. Default: the global `WebSocket`. */
  readonly webSocket?: WebSocketConstructorLike;
  /** Network status to follow (see the header). Default: the global scope when it has `navigator.onLine`; null = ignore. */
  readonly networkStatus?: NetworkStatusSource | null;
  /** write() waits while more than this many bytes sit in the send buffer. Default 64 KiB. */
  readonly highWaterMarkBytes?: number;
}

export const DEFAULT_WEBSOCKET_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_HIGH_WATER_MARK_BYTES = 64 * 1024;
/** How often a write waiting for the send buffer to drain checks `bufferedAmount`. */
const DRAIN_POLL_MS = 10;
const OPEN = 1;
const NORMAL_CLOSURE = 1000;

/** Factory for MQTT over the global (or given) WebSocket. */
export function createBrowserWebSocketTransportFactory(options: BrowserWebSocketOptions): TransportFactory {
  return async (signal) => {
    throwIfAborted(signal);
    const network = options.networkStatus === undefined ? globalNetworkStatus() : options.networkStatus;
    if (network !== null && !network.onLine) await waitUntilOnline(network, signal);
    let url: string;
    try {
      url = await options.url(signal);
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      throw new ConnectionError("websocketUrl", `building the WebSocket URL failed: ${describe(error)}`, { cause: error });
    }
    throwIfAborted(signal);
    const WebSocketClass = options.webSocket ?? globalWebSocket();
    let socket: WebSocketLike;
    try {
      socket = new WebSocketClass(url, options.protocols ?? "mqtt");
    } catch (error) {
      // The WebSocket constructor throws a SyntaxError for a malformed URL or a scheme other than ws/wss.
      throw new ConnectionError("invalidUrl", `invalid WebSocket URL ${safeUrl(url)}: ${describe(error)}`, {
        cause: error,
        crtName: "AWS_ERROR_INVALID_ARGUMENT",
      });
    }
    socket.binaryType = "arraybuffer";
    await waitForOpen(socket, safeUrl(url), options.connectTimeoutMs ?? DEFAULT_WEBSOCKET_CONNECT_TIMEOUT_MS, signal);
    return new BrowserWebSocketTransport(socket, network, options.highWaterMarkBytes ?? DEFAULT_HIGH_WATER_MARK_BYTES);
  };
}

function waitForOpen(socket: WebSocketLike, target: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.onopen = null;
      socket.onerror = null;
      socket.onclose = null;
      outcome();
    };
    const fail = (error: ConnectionError): void =>
      settle(() => {
        closeQuietly(socket);
        reject(error);
      });
    const onAbort = (): void => fail(abortedError());
    const timer = setTimeout(
      () => fail(new ConnectionError("timeout", `opening the WebSocket to ${target} timed out after ${timeoutMs} ms`, {
        crtName: "AWS_IO_SOCKET_TIMEOUT",
        crtCode: 1048,
      })),
      timeoutMs,
    );
    signal.addEventListener("abort", onAbort, { once: true });
    socket.onopen = () => settle(resolve);
    // A failed handshake fires `error` (which says nothing, by design of the API) and then `close` with code 1006.
    socket.onerror = () => undefined;
    socket.onclose = (event) =>
      fail(new ConnectionError("websocketFailed", `the WebSocket to ${target} could not be opened (close code ${event.code}${reasonText(event.reason)})`, {
        crtName: "AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE",
      }));
  });
}

/** An open WebSocket as a Transport. */
class BrowserWebSocketTransport implements Transport {
  private closed = false;
  private closeError: Error | undefined;
  private readonly dataListeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private readonly onOffline = (): void =>
    this.finish(new ConnectionError("networkOffline", "the browser went offline", { crtName: "AWS_IO_SOCKET_NETWORK_DOWN", crtCode: 1050 }));

  constructor(
    private readonly socket: WebSocketLike,
    private readonly network: NetworkStatusSource | null,
    private readonly highWaterMarkBytes: number,
  ) {
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined; // always followed by `close`, which carries the code
    socket.onclose = (event) =>
      this.finish(
        event.code === NORMAL_CLOSURE
          ? undefined
          : new ConnectionError("websocketClosed", `the WebSocket closed with code ${event.code}${reasonText(event.reason)}`, {
              crtName: "AWS_IO_SOCKET_CLOSED",
              crtCode: 1051,
            }),
      );
    network?.addEventListener("offline", this.onOffline);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed || this.socket.readyState !== OPEN) return Promise.reject(closedError());
    try {
      this.socket.send(bytes);
    } catch (error) {
      return Promise.reject(new ConnectionError("writeFailed", `WebSocket send failed: ${describe(error)}`, { cause: error }));
    }
    if (this.socket.bufferedAmount <= this.highWaterMarkBytes) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const poll = (): void => {
        if (this.closed) reject(closedError());
        else if (this.socket.bufferedAmount <= this.highWaterMarkBytes) resolve();
        else setTimeout(poll, DRAIN_POLL_MS);
      };
      setTimeout(poll, DRAIN_POLL_MS);
    });
  }

  close(): void {
    this.finish(undefined);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closed) listener(this.closeError);
    else this.closeListeners.push(listener);
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    if (!(data instanceof ArrayBuffer)) {
      // MQTT Control Packets travel in binary frames; a text frame means the peer is not an MQTT server
      // [MQTT-6.0.0-1].
      this.finish(new ConnectionError("websocketTextFrame", "the server sent a non-binary WebSocket frame (not allowed for MQTT)"));
      return;
    }
    const bytes = new Uint8Array(data);
    for (const listener of this.dataListeners) listener(bytes);
  }

  private finish(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    this.network?.removeEventListener("offline", this.onOffline);
    this.socket.onmessage = null;
    this.socket.onclose = null;
    closeQuietly(this.socket);
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}

function waitUntilOnline(network: NetworkStatusSource, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      network.removeEventListener("online", onOnline);
      signal.removeEventListener("abort", onAbort);
    };
    const onOnline = (): void => {
      cleanup();
      resolve();
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortedError());
    };
    network.addEventListener("online", onOnline);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function globalWebSocket(): WebSocketConstructorLike {
  const constructor = (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (typeof constructor !== "function") {
    throw new ConnectionError("websocketUnavailable", "this platform has no global WebSocket: pass `webSocket` (e.g. the `ws` package)");
  }
  return constructor;
}

/** The global scope as a network-status source, when it is one (windows and workers are; Node is not). */
function globalNetworkStatus(): NetworkStatusSource | null {
  const scope = globalThis as {
    navigator?: { onLine?: unknown };
    addEventListener?: unknown;
    removeEventListener?: unknown;
  };
  const navigator = scope.navigator;
  if (typeof navigator?.onLine !== "boolean" || typeof scope.addEventListener !== "function" || typeof scope.removeEventListener !== "function") {
    return null;
  }
  const add = scope.addEventListener as (type: string, listener: () => void) => void;
  const remove = scope.removeEventListener as (type: string, listener: () => void) => void;
  return {
    get onLine() {
      return navigator.onLine !== false;
    },
    addEventListener: (type, listener) => add.call(globalThis, type, listener),
    removeEventListener: (type, listener) => remove.call(globalThis, type, listener),
  };
}

function closeQuietly(socket: WebSocketLike): void {
  try {
    socket.close(NORMAL_CLOSURE);
  } catch {
    // already closed, or closing
  }
}

/** The URL without query and fragment: presigned URLs carry credentials there. */
function safeUrl(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : `${url.slice(0, end)}?…`;
}

function reasonText(reason: string): string {
  return reason.length > 0 ? `: ${reason}` : "";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortedError();
}

function abortedError(): ConnectionError {
  return new ConnectionError("aborted", "opening the connection was cancelled", {
    crtName: "AWS_ERROR_IO_OPERATION_CANCELLED",
    crtCode: 1042,
  });
}

function closedError(): ConnectionError {
  return new ConnectionError("connectionClosed", "the connection is closed", { crtName: "AWS_IO_SOCKET_CLOSED", crtCode: 1051 });
}
