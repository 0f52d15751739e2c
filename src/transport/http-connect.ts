// The HTTP CONNECT exchange with a proxy, without any I/O: the request text, an incremental reader for the
// response head, the mapping of refusals (401, 403, 407, 5xx …) to ConnectionErrors that name the cause, and
// the basic-auth credentials, which never show their password (not in errors, logs, JSON or util.inspect).
// Browser-safe: no Node imports (http-proxy.ts does the socket work).
import { ConnectionError } from "../core/errors.js";

/** The host and port a tunnel is opened to, or a proxy's address. */
export interface HostAndPort {
  readonly host: string;
  readonly port: number;
}

/** "host:port", with brackets around an IPv6 literal (RFC 9110 authority form). */
export function authority(address: HostAndPort): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    text += BASE64_ALPHABET.charAt((triple >> 18) & 63) + BASE64_ALPHABET.charAt((triple >> 12) & 63);
    text += i + 1 < bytes.length ? BASE64_ALPHABET.charAt((triple >> 6) & 63) : "=";
    text += i + 2 < bytes.length ? BASE64_ALPHABET.charAt(triple & 63) : "=";
  }
  return text;
}

/** Basic-auth credentials for the proxy. The password lives only inside the prepared header value. */
export class ProxyCredentials {
  readonly username: string;
  readonly #authorization: string;

  constructor(username: string, password: string) {
    this.username = username;
    // RFC 7617: user-id and password are sent as UTF-8.
    this.#authorization = `Basic ${base64(new TextEncoder().encode(`${username}:${password}`))}`;
  }

  /** The `Proxy-Authorization` header value (secret: never log it). */
  authorizationHeader(): string {
    return this.#authorization;
  }

  toJSON(): object {
    return { username: this.username, password: "[REDACTED]" };
  }

  [INSPECT](): object {
    return this.toJSON();
  }
}

/** The CONNECT request head for a tunnel to `target` (RFC 9110 §9.3.6). */
export function buildConnectRequest(target: HostAndPort, credentials?: ProxyCredentials): string {
  const name = authority(target);
  const lines = [`CONNECT ${name} HTTP/1.1`, `Host: ${name}`];
  if (credentials !== undefined) lines.push(`Proxy-Authorization: ${credentials.authorizationHeader()}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** The proxy's answer to CONNECT. */
export interface ConnectResponse {
  readonly statusCode: number;
  /** Reason phrase, cleaned of control characters and shortened (it is untrusted text). */
  readonly reasonPhrase: string;
  /** Bytes received after the response head: they already belong to the tunnel. */
  readonly leftover: Uint8Array;
}

/** A proxy answering with more than this before the end of its response head is not an HTTP proxy. */
export const MAXIMUM_RESPONSE_HEAD_BYTES = 16 * 1024;

function proxyProtocolError(proxy: string, what: string): ConnectionError {
  return new ConnectionError("proxyProtocolError", `HTTP proxy ${proxy} sent an invalid answer to CONNECT: ${what}`, {
    crtName: "AWS_ERROR_HTTP_PROXY_CONNECT_FAILED",
    crtCode: 2071,
  });
}

function printable(text: string, maximumLength: number): string {
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > maximumLength ? `${clean.slice(0, maximumLength)}…` : clean;
}

/** Finds the end of the response head (CRLF CRLF, or bare LF LF from lenient servers); -1 if not there yet. */
function headEnd(bytes: Uint8Array): { index: number; length: number } {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return { index: i, length: 2 };
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return { index: i, length: 3 };
  }
  return { index: -1, length: 0 };
}

/** HTTP heads are octets; decoding them as Latin-1 keeps every byte (TextDecoder's latin1 needs full ICU). */
function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** Collects the proxy's response head from any chunking; `push` returns the response once it is complete. */
export class ConnectResponseReader {
  private buffered = new Uint8Array(0);

  /** `proxy` names the proxy in errors. */
  constructor(private readonly proxy: string) {}

  /** Adds received bytes; returns the response when its head is complete. Throws ConnectionError (proxyProtocolError). */
  push(chunk: Uint8Array): ConnectResponse | undefined {
    const joined = new Uint8Array(this.buffered.length + chunk.length);
    joined.set(this.buffered);
    joined.set(chunk, this.buffered.length);
    this.buffered = joined;
    const end = headEnd(joined);
    if (end.index < 0) {
      if (joined.length > MAXIMUM_RESPONSE_HEAD_BYTES) throw proxyProtocolError(this.proxy, `no end of the response head within ${MAXIMUM_RESPONSE_HEAD_BYTES} bytes`);
      return undefined;
    }
    const head = latin1(joined.subarray(0, end.index));
    const statusLine = head.split(/\r?\n/, 1)[0] ?? "";
    const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine.replace(/\r$/, ""));
    if (match === null) throw proxyProtocolError(this.proxy, `status line "${printable(statusLine, 60)}"`);
    return {
      statusCode: Number(match[1]),
      reasonPhrase: printable(match[2] ?? "", 80),
      leftover: joined.slice(end.index + end.length),
    };
  }
}

/** What a refusal names: the proxy, the tunnel's target, and the credentials that were sent (if any). */
export interface ConnectContext {
  readonly proxy: string;
  readonly target: string;
  readonly credentials: ProxyCredentials | undefined;
}

function refusal(code: string, message: string): ConnectionError {
  return new ConnectionError(code, message, { crtName: "AWS_ERROR_HTTP_PROXY_CONNECT_FAILED", crtCode: 2071 });
}

/** undefined when the proxy opened the tunnel (any 2xx, RFC 9110 §9.3.6); otherwise the error naming the cause. */
export function connectRefusal(response: ConnectResponse, context: ConnectContext): ConnectionError | undefined {
  const { statusCode } = response;
  if (statusCode >= 200 && statusCode < 300) return undefined;
  const status = `HTTP ${statusCode}${response.reasonPhrase === "" ? "" : ` ${response.reasonPhrase}`}`;
  const proxy = `HTTP proxy ${context.proxy}`;
  const user = context.credentials === undefined ? "" : ` of user "${printable(context.credentials.username, 64)}"`;
  // tinyproxy answers a wrong password with 401, a missing one with 407; RFC 9110 proxies answer both with 407.
  if (statusCode === 401 || (statusCode === 407 && context.credentials !== undefined)) {
    return refusal("proxyAuthenticationFailed", `${proxy} rejected the credentials${user} (${status})`);
  }
  if (statusCode === 407) {
    return refusal(
      "proxyAuthenticationRequired",
      `${proxy} requires authentication (${status}); set auth_method Basic with auth_username and auth_password`,
    );
  }
  if (statusCode === 403) {
    return refusal("proxyForbidden", `${proxy} refused a tunnel to ${context.target} (${status}): the target host or port is not allowed`);
  }
  if (statusCode === 500 || statusCode === 502 || statusCode === 503 || statusCode === 504) {
    return refusal("proxyTargetUnreachable", `${proxy} could not connect to ${context.target} (${status})`);
  }
  return refusal("proxyConnectFailed", `${proxy} refused a tunnel to ${context.target} (${status})`);
}
