// The CONNECT exchange without I/O (src/transport/http-connect.ts): the request head, the response reader under
// any chunking, the refusal → error mapping (tinyproxy's 401/403/407/500 and RFC 9110's 407), and credentials
// that never show their password.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ConnectionError } from "../../../src/core/errors.js";
import {
  ConnectResponseReader,
  MAXIMUM_RESPONSE_HEAD_BYTES,
  ProxyCredentials,
  authority,
  buildConnectRequest,
  connectRefusal,
  type ConnectResponse,
} from "../../../src/transport/http-connect.js";

const SECRET = "s3cret:with:colons-ünï";
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "latin1"));

test("CONNECT request: authority form, Host header, basic auth as base64(UTF-8 user:password)", () => {
  assert.equal(buildConnectRequest({ host: "broker.example", port: 8883 }), "CONNECT broker.example:8883 HTTP/1.1\r\nHost: broker.example:8883\r\n\r\n");
  assert.equal(authority({ host: "::1", port: 1883 }), "[::1]:1883");
  const credentials = new ProxyCredentials("user", SECRET);
  const request = buildConnectRequest({ host: "::1", port: 1883 }, credentials);
  const expected = Buffer.from(`user:${SECRET}`, "utf8").toString("base64");
  assert.equal(request, `CONNECT [::1]:1883 HTTP/1.1\r\nHost: [::1]:1883\r\nProxy-Authorization: Basic ${expected}\r\n\r\n`);
});

test("base64 of every padding length matches Node's", () => {
  for (let length = 0; length < 10; length++) {
    const password = "x".repeat(length);
    const header = new ProxyCredentials("u", password).authorizationHeader();
    assert.equal(header, `Basic ${Buffer.from(`u:${password}`).toString("base64")}`);
  }
});

test("credentials never show the password: JSON, util.inspect, String", () => {
  const credentials = new ProxyCredentials("user", SECRET);
  for (const shown of [JSON.stringify(credentials), inspect(credentials), String(credentials), JSON.stringify({ credentials })]) {
    assert.ok(!shown.includes(SECRET), shown);
    assert.ok(!shown.includes(credentials.authorizationHeader().slice(6)), shown);
  }
  assert.match(JSON.stringify(credentials), /"username":"user"/);
});

test("the response reader completes on CRLF CRLF under any chunking and keeps the bytes after the head", () => {
  const response = "HTTP/1.1 200 Connection established\r\nVia: test\r\n\r\n";
  const tunnel = "\x20\x02\x00\x00"; // e.g. a CONNACK the far side sent early
  const all = bytes(response + tunnel);
  for (const size of [1, 2, 3, 7, all.length]) {
    const reader = new ConnectResponseReader("proxy:1");
    let result: ConnectResponse | undefined;
    for (let offset = 0; offset < all.length && result === undefined; offset += size) result = reader.push(all.subarray(offset, offset + size));
    assert.ok(result !== undefined, `chunk size ${size}`);
    assert.equal(result.statusCode, 200);
    assert.equal(result.reasonPhrase, "Connection established");
    const consumed = Math.min(all.length, Math.ceil(bytes(response).length / size) * size);
    // Bytes after the head within the chunk that completed it are returned; later chunks are the caller's.
    assert.deepEqual([...result.leftover], [...all.subarray(bytes(response).length, consumed)]);
  }
});

test("the reader accepts HTTP/1.0, a missing reason phrase, bare LF line ends", () => {
  assert.equal(new ConnectResponseReader("p").push(bytes("HTTP/1.0 200\r\n\r\n"))?.statusCode, 200);
  const lf = new ConnectResponseReader("p").push(bytes("HTTP/1.1 407 Proxy Authentication Required\nProxy-Authenticate: Basic\n\n"));
  assert.equal(lf?.statusCode, 407);
  assert.equal(lf?.reasonPhrase, "Proxy Authentication Required");
});

test("a response that is not HTTP, or a head that never ends, is a proxyProtocolError", () => {
  assert.throws(
    () => new ConnectResponseReader("proxy:3128").push(bytes("SSH-2.0-OpenSSH_9.2\r\n\r\n")),
    (error: unknown) => error instanceof ConnectionError && error.code === "proxyProtocolError" && /proxy:3128/.test(error.message),
  );
  const reader = new ConnectResponseReader("proxy:3128");
  assert.equal(reader.push(bytes("HTTP/1.1 200 OK\r\n")), undefined);
  assert.throws(
    () => reader.push(new Uint8Array(MAXIMUM_RESPONSE_HEAD_BYTES).fill(0x41)),
    (error: unknown) => error instanceof ConnectionError && error.code === "proxyProtocolError",
  );
});

function refusal(statusCode: number, reasonPhrase: string, withCredentials: boolean): ConnectionError | undefined {
  const credentials = withCredentials ? new ProxyCredentials("alice", SECRET) : undefined;
  return connectRefusal({ statusCode, reasonPhrase, leftover: new Uint8Array(0) }, { proxy: "proxy:3128", target: "broker:1883", credentials });
}

test("any 2xx opens the tunnel", () => {
  for (const status of [200, 201, 204, 299]) assert.equal(refusal(status, "OK", false), undefined);
});

test("refusals become ConnectionErrors naming the cause and the status, never the password", () => {
  const cases: [number, string, boolean, string, RegExp][] = [
    [401, "Unauthorized", true, "proxyAuthenticationFailed", /rejected the credentials of user "alice" \(HTTP 401 Unauthorized\)/],
    [407, "Proxy Authentication Required", true, "proxyAuthenticationFailed", /HTTP 407/],
    [407, "Proxy Authentication Required", false, "proxyAuthenticationRequired", /requires authentication \(HTTP 407 Proxy Authentication Required\)/],
    [403, "Access violation", true, "proxyForbidden", /refused a tunnel to broker:1883 \(HTTP 403 Access violation\)/],
    [500, "Unable to connect", false, "proxyTargetUnreachable", /could not connect to broker:1883 \(HTTP 500 Unable to connect\)/],
    [502, "Bad Gateway", false, "proxyTargetUnreachable", /HTTP 502/],
    [405, "Method Not Allowed", false, "proxyConnectFailed", /HTTP 405 Method Not Allowed/],
    [301, "Moved", false, "proxyConnectFailed", /HTTP 301/],
  ];
  for (const [status, reason, withCredentials, code, message] of cases) {
    const error = refusal(status, reason, withCredentials);
    assert.ok(error instanceof ConnectionError, `${status}`);
    assert.equal(error.code, code, `${status}`);
    assert.match(error.message, message);
    assert.match(error.message, /HTTP proxy proxy:3128/);
    assert.equal(error.error_name, "AWS_ERROR_HTTP_PROXY_CONNECT_FAILED");
    assert.equal(error.error_code, 2071);
    assert.ok(!error.message.includes(SECRET));
  }
});

test("the proxy's reason phrase is untrusted: control characters are replaced and it is shortened", () => {
  const response = new ConnectResponseReader("p").push(bytes(`HTTP/1.1 403 Bad\x1b[31m${"x".repeat(200)}\r\n\r\n`));
  assert.ok(response !== undefined);
  assert.ok(!response.reasonPhrase.includes("\x1b"));
  assert.ok(response.reasonPhrase.length <= 81);
});
