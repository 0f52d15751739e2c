// The WebSocket upgrade request as aws-crt's handshake transform sees it (api-iot.md §2.6, §4.2), run once per
// connection attempt so that signatures and tokens can be refreshed before every reconnect, and turned into what
// the WebSocket library sends. Browser-safe: no Node imports.
import { CrtError, ConnectionError } from "../core/errors.js";
import { HttpHeaders } from "../http/headers.js";
import { HttpRequest } from "../http/request.js";
import { redact } from "../runtime/logger.js";

/**
 * aws-crt's hook: edit `request` (assign `path`, change `headers`), then call `done()` to proceed or
 * `done(errorCode)` (≠ 0) to fail this attempt. Our addition: a transform that declares only the `request`
 * parameter may instead return a promise (resolve = proceed, reject = fail). One that declares `done` must call it.
 */
export type WebsocketHandshakeTransform = (request: HttpRequest, done: (error_code?: number) => void) => void | Promise<void>;

/** The MQTT subprotocol every WebSocket connection offers and requires [MQTT-6.0.0-3] [MQTT-6.0.0-4]. */
export const MQTT_SUBPROTOCOL = "mqtt";
/** aws-crt's request path. */
export const DEFAULT_WEBSOCKET_PATH = "/mqtt";

/** WebSocket settings resolved from the configuration. */
export interface WebSocketSettings {
  /** Runs before each attempt; none means the request of buildUpgradeRequest as it is. */
  readonly handshakeTransform?: WebsocketHandshakeTransform | undefined;
}

/**
 * The request the transform receives, in aws-crt's header order. `Host` has no port (as aws-crt sends it).
 * `Sec-WebSocket-Key` is absent: the WebSocket library draws a fresh key when it sends the request, so a key shown
 * here could not be the one on the wire (no signing scheme covers it).
 */
export function buildUpgradeRequest(host: string): HttpRequest {
  const hostHeader = host.includes(":") ? `[${host}]` : host;
  return new HttpRequest(
    "GET",
    DEFAULT_WEBSOCKET_PATH,
    new HttpHeaders([
      ["Host", hostHeader],
      ["Upgrade", "websocket"],
      ["Connection", "Upgrade"],
      ["Sec-WebSocket-Version", "13"],
      ["Sec-WebSocket-Protocol", MQTT_SUBPROTOCOL],
    ]),
  );
}

const AWS_ERROR_UNKNOWN = 3;

function transformFailure(message: string, crtCode: number, cause?: unknown): ConnectionError {
  const options: { cause?: unknown; crtCode: number } = { crtCode };
  if (cause !== undefined) options.cause = cause;
  return new ConnectionError("websocketHandshakeTransformFailed", message, options);
}

function thrownFailure(error: unknown): ConnectionError {
  const code = error instanceof CrtError && typeof error.error_code === "number" ? error.error_code : AWS_ERROR_UNKNOWN;
  const text = error instanceof Error ? error.message : String(error);
  // The transform's own message may quote credentials (a failed signing): scrub it like a log line.
  return transformFailure(`the websocket handshake transform failed: ${redact(text)}`, code, error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * Runs `transform` on `request`. Resolves when it is done; rejects with a ConnectionError
 * (websocketHandshakeTransformFailed, `error_code` = the code given to done(), or 3 AWS_ERROR_UNKNOWN for a throw
 * or rejection) or with `abortReason()` when `signal` aborts first.
 */
export function runHandshakeTransform(
  transform: WebsocketHandshakeTransform,
  request: HttpRequest,
  signal: AbortSignal,
  abortReason: () => Error,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => settle(abortReason());
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    const done = (errorCode?: number): void => {
      if (errorCode === undefined || errorCode === 0) {
        settle();
        return;
      }
      const code = typeof errorCode === "number" && Number.isInteger(errorCode) ? errorCode : AWS_ERROR_UNKNOWN;
      settle(transformFailure(`the websocket handshake transform failed with error code ${code}`, code));
    };
    // A transform that declares `done` finishes by calling it; one that does not, by returning (a promise).
    const usesDone = transform.length >= 2;
    let returned: unknown;
    try {
      returned = transform(request, done);
    } catch (error) {
      settle(thrownFailure(error));
      return;
    }
    if (isThenable(returned)) {
      returned.then(
        () => {
          if (!usesDone) settle();
        },
        (error: unknown) => settle(thrownFailure(error)),
      );
    } else if (!usesDone) {
      settle();
    }
  });
}

/** Header names the WebSocket layer itself writes; a transform's values for them are not used. */
const LIBRARY_HEADERS = new Set(["upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"]);

/** What the WebSocket library is asked to send after the transform ran. */
export interface UpgradeTarget {
  /** Path and query, starting with "/". */
  readonly path: string;
  /** Headers by name (first spelling kept); repeated names carry several values. */
  readonly headers: Record<string, string | string[]>;
}

/** Reads the (possibly edited) request. Rejects a path that is not origin-form with a ConnectionError. */
export function upgradeTarget(request: HttpRequest): UpgradeTarget {
  const path: unknown = request.path;
  if (typeof path !== "string" || !path.startsWith("/") || /[\s#]/.test(path)) {
    throw new ConnectionError(
      "websocketInvalidRequest",
      "the websocket handshake transform left an invalid request path (it must start with '/' and contain no spaces or '#')",
      { crtName: "AWS_ERROR_INVALID_ARGUMENT", crtCode: 34 },
    );
  }
  const headers: Record<string, string | string[]> = {};
  const spelling = new Map<string, string>();
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (LIBRARY_HEADERS.has(lower)) continue;
    const key = spelling.get(lower) ?? name;
    spelling.set(lower, key);
    const existing = headers[key];
    headers[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { path, headers };
}
