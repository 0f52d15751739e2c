// Validation of the WebSocket and HTTP proxy parts of the client configuration (`websocketHandshakeTransform`,
// `httpProxyOptions`), called by config-validation.ts. Synchronous ValidationErrors name the field and the rule,
// never a value (a proxy password in particular). Pure: no Node imports.
import { ValidationError } from "../core/errors.js";
import { HttpProxyAuthenticationType, HttpProxyConnectionType } from "../http/proxy-options.js";
import { ProxyCredentials } from "../transport/http-connect.js";
import type { HttpProxySettings } from "../transport/http-proxy.js";
import type { TlsOptions } from "../transport/tls.js";
import type { WebSocketSettings, WebsocketHandshakeTransform } from "../transport/websocket-handshake.js";
import { requireObject } from "./convert.js";

const MAXIMUM_PORT = 65_535;

function fail(field: string, rule: string): never {
  throw new ValidationError(field, rule);
}

/** WebSocket is selected by the presence of the transform (aws-crt, api-iot.md §2.1). */
export function resolveWebsocketSettings(value: unknown): WebSocketSettings | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") fail("websocketHandshakeTransform", "must be a function (request, done) => void");
  return { handshakeTransform: value as WebsocketHandshakeTransform };
}

function enumValue(value: unknown, members: Record<string, string | number>, field: string): number | undefined {
  if (value === undefined) return undefined;
  const numbers = Object.values(members).filter((member): member is number => typeof member === "number");
  if (typeof value !== "number" || !numbers.includes(value)) {
    const names = Object.entries(members).filter(([, member]) => typeof member === "number");
    fail(field, `must be one of ${names.map(([name, member]) => `${member} (${name})`).join(", ")}`);
  }
  return value;
}

/** C0 controls and DEL: they would end or corrupt an HTTP header line. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function hostName(value: unknown, field: string): string {
  // Anything with whitespace or control characters would break the CONNECT request line.
  if (typeof value !== "string" || value.length === 0 || /\s/.test(value) || hasControlCharacter(value)) {
    fail(field, "must be a non-empty host name or IP address");
  }
  return value;
}

function credentials(value: Record<string, unknown>): ProxyCredentials | undefined {
  const method = enumValue(value.auth_method, HttpProxyAuthenticationType, "httpProxyOptions.auth_method");
  if (method !== HttpProxyAuthenticationType.Basic) return undefined;
  const { auth_username: username, auth_password: password } = value;
  if (typeof username !== "string") fail("httpProxyOptions.auth_username", "is required (a string) when auth_method is Basic");
  // RFC 7617: the user-id cannot contain ':' (the separator), and no credential may contain control characters.
  if (username.includes(":") || hasControlCharacter(username)) fail("httpProxyOptions.auth_username", "must not contain ':' or control characters");
  if (typeof password !== "string") fail("httpProxyOptions.auth_password", "is required (a string) when auth_method is Basic");
  if (hasControlCharacter(password)) fail("httpProxyOptions.auth_password", "must not contain control characters");
  return new ProxyCredentials(username, password);
}

function proxyTls(value: unknown, resolveTls: (value: unknown) => TlsOptions | undefined): TlsOptions | undefined {
  if (value === undefined) return undefined;
  requireObject(value, "httpProxyOptions.tls_opts");
  if (value.tls_ctx === undefined) fail("httpProxyOptions.tls_opts.tls_ctx", "is required");
  let options: TlsOptions | undefined;
  try {
    options = resolveTls(value.tls_ctx);
  } catch (error) {
    // The TLS resolver names its fields after the client's `tlsCtx`; say where they really are.
    if (error instanceof ValidationError) throw new ValidationError(error.field.replace(/^tlsCtx/, "httpProxyOptions.tls_opts.tls_ctx"), error.rule);
    throw error;
  }
  const result: TlsOptions = { ...options };
  const { server_name: serverName, alpn_list: alpn } = value;
  if (serverName !== undefined) {
    if (typeof serverName !== "string" || serverName.length === 0) fail("httpProxyOptions.tls_opts.server_name", "must be a non-empty string");
    result.servername = serverName;
  }
  if (alpn !== undefined) {
    if (!Array.isArray(alpn) || !alpn.every((protocol) => typeof protocol === "string" && protocol.length > 0)) {
      fail("httpProxyOptions.tls_opts.alpn_list", "must be a list of non-empty strings");
    }
    if (alpn.length > 0) result.alpnProtocols = [...(alpn as string[])];
  }
  return result;
}

/**
 * `httpProxyOptions` → where the proxy is, the basic-auth credentials (their password sealed inside) and the TLS
 * to the proxy. `resolveTls` is the client's `tlsCtx` resolver, applied to `tls_opts.tls_ctx`.
 */
export function resolveHttpProxySettings(
  value: unknown,
  resolveTls: (value: unknown) => TlsOptions | undefined,
): HttpProxySettings | undefined {
  if (value === undefined) return undefined;
  requireObject(value, "httpProxyOptions");
  const host = hostName(value.host_name, "httpProxyOptions.host_name");
  const port = value.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > MAXIMUM_PORT) {
    fail("httpProxyOptions.port", `must be an integer in 1..${MAXIMUM_PORT.toLocaleString("en")}`);
  }
  // MQTT always tunnels (aws-crt forces it too); the value is only checked.
  enumValue(value.connection_type, HttpProxyConnectionType, "httpProxyOptions.connection_type");
  const settings: { host: string; port: number; credentials?: ProxyCredentials; tls?: TlsOptions } = { host, port };
  const basic = credentials(value);
  if (basic !== undefined) settings.credentials = basic;
  const tls = proxyTls(value.tls_opts, resolveTls);
  if (tls !== undefined) settings.tls = tls;
  return settings;
}
