// `httpProxyOptions` and `websocketHandshakeTransform` in the client configuration: accepted shapes, the resolved
// settings the transports get, and ValidationErrors that name the field and never the password.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { resolveClientConfig } from "../../../src/api/config-validation.js";
import type { Mqtt5ClientConfig } from "../../../src/api/config.js";
import { ValidationError } from "../../../src/core/errors.js";
import { http } from "../../../src/index.js";

const base: Mqtt5ClientConfig = { hostName: "broker.example", port: 8883 };
const SECRET = "pa55-w0rd-SECRET";

function rejects(config: Partial<Mqtt5ClientConfig> | Record<string, unknown>, field: string): ValidationError {
  let caught: unknown;
  try {
    resolveClientConfig({ ...base, ...config } as Mqtt5ClientConfig);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError for ${field}, got ${String(caught)}`);
  assert.equal(caught.field, field);
  assert.doesNotMatch(caught.message, new RegExp(SECRET));
  return caught;
}

test("no proxy and no transform: both settings are undefined", () => {
  const resolved = resolveClientConfig(base);
  assert.equal(resolved.httpProxy, undefined);
  assert.equal(resolved.websocket, undefined);
});

test("the websocket transform selects WebSocket and is kept as given", () => {
  const transform = (_request: http.HttpRequest, done: (code?: number) => void): void => done();
  const resolved = resolveClientConfig({ ...base, websocketHandshakeTransform: transform });
  assert.equal(resolved.websocket?.handshakeTransform, transform);
  const promiseVariant = async (request: http.HttpRequest): Promise<void> => {
    request.headers.add("x", "y");
  };
  assert.equal(resolveClientConfig({ ...base, websocketHandshakeTransform: promiseVariant }).websocket?.handshakeTransform, promiseVariant);
  rejects({ websocketHandshakeTransform: "yes" }, "websocketHandshakeTransform");
});

test("HttpProxyOptions class or plain object; None ignores credentials; Basic seals them", () => {
  const plain = resolveClientConfig({ ...base, httpProxyOptions: { host_name: "proxy", port: 3128 } }).httpProxy;
  assert.deepEqual({ ...plain }, { host: "proxy", port: 3128 });
  const none = resolveClientConfig({
    ...base,
    httpProxyOptions: new http.HttpProxyOptions("proxy", 3128, http.HttpProxyAuthenticationType.None, "u", SECRET),
  }).httpProxy;
  assert.equal(none?.credentials, undefined);
  const basic = resolveClientConfig({
    ...base,
    httpProxyOptions: new http.HttpProxyOptions("proxy", 3128, http.HttpProxyAuthenticationType.Basic, "user", SECRET),
  }).httpProxy;
  assert.equal(basic?.credentials?.username, "user");
  assert.equal(basic?.credentials?.authorizationHeader(), `Basic ${Buffer.from(`user:${SECRET}`).toString("base64")}`);
  for (const shown of [JSON.stringify(basic), inspect(basic, { depth: 5 }), String(Object.values(basic ?? {}))]) {
    assert.doesNotMatch(shown, new RegExp(SECRET), "the resolved settings never show the password");
    assert.doesNotMatch(shown, new RegExp(Buffer.from(`user:${SECRET}`).toString("base64")), "nor its base64 form");
  }
});

test("tls_opts: the tls_ctx is resolved like tlsCtx, server_name and alpn_list are applied", () => {
  const resolved = resolveClientConfig({
    ...base,
    httpProxyOptions: {
      host_name: "proxy",
      port: 8443,
      tls_opts: { tls_ctx: { ca: "PEM-CA" }, server_name: "proxy.internal", alpn_list: ["http/1.1"] },
    },
  }).httpProxy;
  assert.deepEqual(resolved?.tls, { ca: "PEM-CA", servername: "proxy.internal", alpnProtocols: ["http/1.1"] });
  const viaMethod = resolveClientConfig({
    ...base,
    httpProxyOptions: { host_name: "proxy", port: 8443, tls_opts: { tls_ctx: { toTlsOptions: () => ({ rejectUnauthorized: false }) } } },
  }).httpProxy;
  assert.deepEqual(viaMethod?.tls, { rejectUnauthorized: false });
});

test("invalid proxy options are refused, naming the field", () => {
  rejects({ httpProxyOptions: "proxy:3128" }, "httpProxyOptions");
  rejects({ httpProxyOptions: { port: 3128 } }, "httpProxyOptions.host_name");
  rejects({ httpProxyOptions: { host_name: "bad host", port: 3128 } }, "httpProxyOptions.host_name");
  rejects({ httpProxyOptions: { host_name: "proxy\r\nX: y", port: 3128 } }, "httpProxyOptions.host_name");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 0 } }, "httpProxyOptions.port");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 70_000 } }, "httpProxyOptions.port");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, auth_method: 7 } }, "httpProxyOptions.auth_method");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, connection_type: 9 } }, "httpProxyOptions.connection_type");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, auth_method: 1, auth_password: SECRET } }, "httpProxyOptions.auth_username");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, auth_method: 1, auth_username: "a:b", auth_password: SECRET } }, "httpProxyOptions.auth_username");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, auth_method: 1, auth_username: "u" } }, "httpProxyOptions.auth_password");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, auth_method: 1, auth_username: "u", auth_password: `${SECRET}\n` } }, "httpProxyOptions.auth_password");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, tls_opts: {} } }, "httpProxyOptions.tls_opts.tls_ctx");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, tls_opts: { tls_ctx: { ca: 5 } } } }, "httpProxyOptions.tls_opts.tls_ctx.ca");
  rejects({ httpProxyOptions: { host_name: "proxy", port: 3128, tls_opts: { tls_ctx: {}, alpn_list: "h2" } } }, "httpProxyOptions.tls_opts.alpn_list");
});
