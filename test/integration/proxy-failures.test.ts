// HTTP proxy failures against real peers, each a connectionFailure with a typed error naming the cause, on every
// attempt, with retries and growing delays until stop(): wrong password (tinyproxy → 401), no credentials (407),
// a target port the proxy forbids (403), the target down behind the proxy (500), the proxy down, an untrusted
// TLS certificate on the proxy. The password never appears in errors or in the client's log, at any level.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { http, type mqtt5 } from "../../src/index.js";
import type { Logger, LogLevel } from "../../src/runtime/logger.js";
import { freePort } from "../support/free-port.js";
import { startStunnel, type Stunnel } from "../support/stunnel.js";
import { PROXY_USER, startTinyproxy, type Tinyproxy } from "../support/tinyproxy.js";
import { expectRetriedFailures, newMatrixClient } from "../support/transport-round-trip.js";
import { getTestCertificates } from "../support/certificates.js";

const WRONG_PASSWORD = "wrong-Pa55-word-SECRET";

let authProxy: Tinyproxy;
let restrictedProxy: Tinyproxy;
let tlsFront: Stunnel;
/** A port with nothing listening (the "broker" behind the proxy, or the proxy itself). */
let deadPort: number;
/** The only target port `restrictedProxy` allows. */
let allowedPort: number;
before(async () => {
  [deadPort, allowedPort] = [await freePort(), await freePort()];
  [authProxy, restrictedProxy] = await Promise.all([
    startTinyproxy({ basicAuth: PROXY_USER }),
    startTinyproxy({ basicAuth: PROXY_USER, connectPorts: [allowedPort] }),
  ]);
  tlsFront = await startStunnel(authProxy.port);
});
after(async () => {
  await Promise.all([tlsFront.stop(), authProxy.stop(), restrictedProxy.stop()]);
});

/** Records every log line at trace level. */
function capturingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return { level: "trace", lines, log: (_level: LogLevel, message: string) => void lines.push(message) };
}

function config(proxy: http.HttpProxyOptions, targetPort = deadPort): Partial<mqtt5.Mqtt5ClientConfig> & { hostName: string; port: number } {
  return { hostName: "127.0.0.1", port: targetPort, httpProxyOptions: proxy };
}

function assertNoSecret(texts: readonly string[], secret: string): void {
  const encoded = Buffer.from(`${PROXY_USER.username}:${secret}`).toString("base64");
  for (const text of texts) {
    assert.ok(!text.includes(secret), `the password leaked: ${text}`);
    assert.ok(!text.includes(encoded), `the encoded credentials leaked: ${text}`);
  }
}

const basic = (proxy: { host: string; port: number }, password: string, tls?: http.TlsConnectionOptionsLike): http.HttpProxyOptions =>
  new http.HttpProxyOptions(proxy.host, proxy.port, http.HttpProxyAuthenticationType.Basic, PROXY_USER.username, password, tls);

test("wrong proxy password: tinyproxy answers 401 → proxyAuthenticationFailed on every attempt; nothing leaks", { timeout: 30_000 }, async (t) => {
  const logger = capturingLogger();
  const client = newMatrixClient(t, { ...config(basic(authProxy, WRONG_PASSWORD)), logger });
  const errors = await expectRetriedFailures(client, "proxyAuthenticationFailed", /HTTP proxy 127\.0\.0\.1:\d+ rejected the credentials of user "proxyuser" \(HTTP 401 Unauthorized\)/);
  assert.equal(errors[0]?.error_name, "AWS_ERROR_HTTP_PROXY_CONNECT_FAILED");
  assert.ok(logger.lines.length > 0, "the trace logger saw the attempts");
  assertNoSecret([...logger.lines, ...errors.flatMap((error) => [error.message, String(error.stack), JSON.stringify(error)])], WRONG_PASSWORD);
});

test("no credentials for a proxy that requires them: 407 → proxyAuthenticationRequired", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, config(new http.HttpProxyOptions(authProxy.host, authProxy.port)));
  await expectRetriedFailures(client, "proxyAuthenticationRequired", /requires authentication \(HTTP 407 Proxy Authentication Required\)/);
});

test("a target port outside the proxy's ConnectPort list: 403 → proxyForbidden", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, config(basic(restrictedProxy, PROXY_USER.password)));
  await expectRetriedFailures(client, "proxyForbidden", new RegExp(`refused a tunnel to 127\\.0\\.0\\.1:${deadPort} \\(HTTP 403 Access violation\\)`));
});

test("the broker down behind the proxy: 500 → proxyTargetUnreachable", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, config(basic(restrictedProxy, PROXY_USER.password), allowedPort));
  await expectRetriedFailures(client, "proxyTargetUnreachable", new RegExp(`could not connect to 127\\.0\\.0\\.1:${allowedPort} \\(HTTP 500`));
});

test("the proxy down: proxyConnectionFailed naming the proxy (connection refused)", { timeout: 30_000 }, async (t) => {
  const logger = capturingLogger();
  const client = newMatrixClient(t, { ...config(basic({ host: "127.0.0.1", port: deadPort }, PROXY_USER.password)), logger });
  const errors = await expectRetriedFailures(client, "proxyConnectionFailed", new RegExp(`connecting to HTTP proxy 127\\.0\\.0\\.1:${deadPort}: connection refused`));
  assert.equal(errors[0]?.error_name, "AWS_IO_SOCKET_CONNECTION_REFUSED");
  assertNoSecret(logger.lines, PROXY_USER.password);
});

test("TLS to the proxy with an untrusted certificate: tlsUnknownCa naming the proxy", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, config(basic(tlsFront, PROXY_USER.password, { tls_ctx: { ca: getTestCertificates().untrustedCa.cert } })));
  await expectRetriedFailures(client, "tlsUnknownCa", /TLS with HTTP proxy 127\.0\.0\.1:\d+ failed/);
});

test("TLS to the proxy, then wrong password: the 401 still arrives (through TLS) and is typed", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, config(basic(tlsFront, WRONG_PASSWORD, { tls_ctx: { ca: getTestCertificates().ca.cert } })));
  await expectRetriedFailures(client, "proxyAuthenticationFailed", /HTTP 401/, 3);
});
