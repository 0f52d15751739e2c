// TLS transport against a loopback node:tls server with the test PKI: SNI/ALPN/verification options, and
// handshake failures that name their cause (unknown CA, host mismatch, client certificate, not TLS, bad config).
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { ConnectionError } from "../../../src/core/errors.js";
import { buildConnectionOptions, createTlsTransportFactory, type TlsOptions } from "../../../src/transport/tls.js";
import type { Transport } from "../../../src/transport/transport.js";
import { getTestCertificates } from "../../support/certificates.js";

const certs = getTestCertificates();

async function tlsServer(options: { requestCert?: boolean; alpn?: string[] } = {}): Promise<{ server: Server; port: number; sockets: TLSSocket[] }> {
  const sockets: TLSSocket[] = [];
  const server = createServer(
    {
      key: certs.server.key,
      cert: certs.server.cert,
      ca: certs.ca.cert,
      requestCert: options.requestCert ?? false,
      rejectUnauthorized: options.requestCert ?? false,
      ...(options.alpn === undefined ? {} : { ALPNProtocols: options.alpn }),
    },
    (socket) => {
      sockets.push(socket);
      socket.on("data", (data) => socket.write(data));
      socket.on("error", () => undefined);
    },
  );
  server.on("tlsClientError", () => undefined);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return { server, port: address.port, sockets };
}

const connect = (port: number, tls: TlsOptions, host = "localhost"): Promise<Transport> =>
  createTlsTransportFactory({ host, port, connectTimeoutMs: 5000, tls })(new AbortController().signal);

function expectTlsError(code: string, crtCode = 1029) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ConnectionError, String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(error.error_code, crtCode);
    return true;
  };
}

test("connects with the test CA, verifies the host, echoes bytes", async (t) => {
  const { server, port } = await tlsServer();
  t.after(() => server.close());
  const transport = await connect(port, { ca: certs.ca.cert });
  const received = new Promise<Uint8Array>((resolve) => transport.onData(resolve));
  await transport.write(Uint8Array.of(1, 2, 3));
  assert.deepEqual([...(await received)], [1, 2, 3]);
  transport.close();
});

test("connection options: SNI = host name (none for IPs), ALPN, verification on by default", () => {
  const byName = buildConnectionOptions({ host: "iot.example.com", port: 8883, tls: { alpnProtocols: ["x-amzn-mqtt-ca"] } });
  assert.equal(byName.servername, "iot.example.com");
  assert.deepEqual(byName.ALPNProtocols, ["x-amzn-mqtt-ca"]);
  assert.equal(byName.rejectUnauthorized, true);
  const byIp = buildConnectionOptions({ host: "127.0.0.1", port: 8883, tls: {} });
  assert.equal(byIp.servername, undefined);
  assert.equal(byIp.ALPNProtocols, undefined);
  const byIpv6 = buildConnectionOptions({ host: "::1", port: 8883, tls: { rejectUnauthorized: false, servername: "override" } });
  assert.equal(byIpv6.servername, "override");
  assert.equal(byIpv6.rejectUnauthorized, false);
});

test("an IP address host is verified against the certificate's IP SANs", async (t) => {
  const { server, port } = await tlsServer();
  t.after(() => server.close());
  const transport = await connect(port, { ca: certs.ca.cert }, "127.0.0.1");
  transport.close();
});

test("ALPN: the negotiated protocol is offered to the server", async (t) => {
  const { server, port, sockets } = await tlsServer({ alpn: ["mqtt"] });
  t.after(() => server.close());
  const accepted = once(server, "secureConnection");
  const transport = await connect(port, { ca: certs.ca.cert, alpnProtocols: ["mqtt"] });
  t.after(() => transport.close());
  await accepted;
  assert.equal(sockets[0]?.alpnProtocol, "mqtt");
});

test("a server certificate from an unknown CA → tlsUnknownCa (AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE)", async (t) => {
  const { server, port } = await tlsServer();
  t.after(() => server.close());
  await assert.rejects(connect(port, {}), expectTlsError("tlsUnknownCa"));
  await assert.rejects(connect(port, { ca: certs.untrustedCa.cert }), expectTlsError("tlsUnknownCa"));
});

test("a certificate for another host → tlsHostMismatch", async (t) => {
  const { server, port } = await tlsServer();
  t.after(() => server.close());
  await assert.rejects(connect(port, { ca: certs.ca.cert, servername: "wrong.example" }), expectTlsError("tlsHostMismatch"));
});

test("rejectUnauthorized: false connects despite an unknown CA", async (t) => {
  const { server, port } = await tlsServer();
  t.after(() => server.close());
  const transport = await connect(port, { rejectUnauthorized: false });
  transport.close();
});

test("mutual TLS: a client certificate is accepted; none is refused with a named cause", async (t) => {
  const { server, port } = await tlsServer({ requestCert: true });
  t.after(() => server.close());
  const transport = await connect(port, { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });
  const echoed = new Promise<Uint8Array>((resolve) => transport.onData(resolve));
  await transport.write(Uint8Array.of(7));
  assert.deepEqual([...(await echoed)], [7]);
  transport.close();

  // TLS 1.3: the refusal may arrive after the client's handshake finished, as the close reason.
  const refused = await connect(port, { ca: certs.ca.cert }).then(
    (late) => new Promise<Error | undefined>((resolve) => late.onClose(resolve)),
    (error: unknown) => error as Error,
  );
  assert.ok(refused instanceof ConnectionError);
  assert.match(refused.code, /^tls(ClientCertificateRequired|ClientCertificateRejected|Alert|Handshake)$/);
});

test("a plain-text server → tlsProtocolMismatch", async (t) => {
  const plain: NetServer = createNetServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
  plain.listen(0, "127.0.0.1");
  await once(plain, "listening");
  t.after(() => plain.close());
  const address = plain.address();
  assert.ok(address !== null && typeof address === "object");
  await assert.rejects(connect(address.port, { ca: certs.ca.cert }), (error) => {
    assert.ok(error instanceof ConnectionError);
    assert.ok(["tlsProtocolMismatch", "tlsHandshake"].includes(error.code), error.code);
    return true;
  });
});

test("an invalid key or a wrong PKCS#12 passphrase → a named TLS context error (AWS_IO_TLS_CTX_ERROR)", async () => {
  await assert.rejects(connect(1, { key: "not a key", cert: certs.client.cert }), expectTlsError("tlsInvalidPem", 1033));
  await assert.rejects(
    connect(1, { pfx: certs.clientPkcs12.pfx, passphrase: "wrong" }),
    (error) => expectTlsError("tlsPkcs12WrongPassphrase", 1033)(error) && /passphrase/.test((error as Error).message),
  );
});
