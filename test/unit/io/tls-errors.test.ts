// tlsConnectionError (src/transport/tls.ts) on real node:tls errors: PKCS#12 and PEM problems name their cause,
// handshake alerts about the client certificate, and a connection dropped during the handshake.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer as createNetServer } from "node:net";
import { createSecureContext, type SecureContextOptions } from "node:tls";
import { ConnectionError } from "../../../src/index.js";
import { createTlsTransportFactory, tlsConnectionError } from "../../../src/transport/tls.js";
import { getTestCertificates } from "../../support/certificates.js";

const certs = getTestCertificates();

/** The error node:tls throws when building a context from `options`. */
function contextError(options: SecureContextOptions): Error {
  try {
    createSecureContext(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error("createSecureContext accepted the options");
}

function expectCode(error: Error, code: string, crtCode: number, message: RegExp): void {
  const mapped = tlsConnectionError(error, "localhost:8883");
  assert.equal(mapped.code, code, mapped.message);
  assert.equal(mapped.error_code, crtCode);
  assert.match(mapped.message, message);
}

test("PKCS#12: wrong or missing passphrase, legacy encryption, not a PKCS#12 file", () => {
  expectCode(contextError({ pfx: certs.clientPkcs12.pfx, passphrase: "wrong" }), "tlsPkcs12WrongPassphrase", 1033, /wrong PKCS#12 passphrase/);
  expectCode(contextError({ pfx: certs.clientPkcs12.pfx }), "tlsPkcs12WrongPassphrase", 1033, /none given/);
  expectCode(contextError({ pfx: certs.client.cert, passphrase: "x" }), "tlsPkcs12Invalid", 1033, /not a PKCS#12/);
  if (certs.clientPkcs12Legacy !== undefined) {
    expectCode(
      contextError({ pfx: certs.clientPkcs12Legacy.pfx, passphrase: certs.clientPkcs12Legacy.passphrase }),
      "tlsPkcs12LegacyEncryption",
      1033,
      /--openssl-legacy-provider/,
    );
  }
});

test("PEM: a key that does not match the certificate, garbage instead of a key", () => {
  expectCode(contextError({ cert: certs.client.cert, key: certs.untrustedClient.key }), "tlsKeyMismatch", 1033, /does not belong to the certificate/);
  expectCode(contextError({ cert: certs.client.cert, key: "not a key" }), "tlsInvalidPem", 1033, /not valid PEM/);
});

test("a reset during the handshake suggests a non-TLS port; after the handshake it is a plain reset", () => {
  const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
  assert.equal(tlsConnectionError(reset, "h:1", "handshake").code, "tlsHandshake");
  assert.match(tlsConnectionError(reset, "h:1", "handshake").message, /is it a TLS port\?/);
  assert.equal(tlsConnectionError(reset, "h:1", "connect").code, "connectionReset", "a later layer (e.g. WebSocket upgrade)");
  assert.equal(tlsConnectionError(reset, "h:1", "connected").code, "connectionReset");
  const early = Object.assign(new Error("Client network socket disconnected before secure TLS connection was established"), { code: "ECONNRESET" });
  assert.equal(tlsConnectionError(early, "h:1", "connect").code, "tlsHandshake");
});

test("a plain-text server that closes on the ClientHello → tlsHandshake", async (t) => {
  const server = createNetServer((socket) => socket.once("data", () => socket.destroy()));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  const factory = createTlsTransportFactory({ host: "localhost", port, connectTimeoutMs: 5000, tls: { ca: certs.ca.cert } });
  await assert.rejects(factory(new AbortController().signal), (error: unknown) => {
    assert.ok(error instanceof ConnectionError);
    assert.ok(["tlsHandshake", "tlsProtocolMismatch"].includes(error.code), error.code);
    assert.equal(error.error_code, 1029);
    return true;
  });
});

// A node:tls server judges client certificates in JavaScript after the handshake and just closes the socket, so
// it cannot produce these alerts; OpenSSL servers (Mosquitto) do — tls-failures.test.ts checks them for real.
test("client certificate alerts (TLS 1.2 and 1.3 codes) are named, also after the handshake (TLS 1.3)", () => {
  const alert = (code: string): Error => Object.assign(new Error(`error:0A000415:SSL routines::${code}`), { code });
  const cases: [string, string, RegExp][] = [
    ["ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED", "tlsClientCertificateExpired", /client certificate has expired/],
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "tlsClientCertificateRequired", /requires a client certificate/],
    ["ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", "tlsClientCertificateRejected", /does not trust the client certificate's CA/],
    ["ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE", "tlsClientCertificateRejected", /rejected the client certificate/],
    ["ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED", "tlsClientCertificateRejected", /revoked/],
    ["ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "tlsAlert", /sent an alert \(ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE\)/],
  ];
  for (const [nodeCode, code, message] of cases) {
    for (const phase of ["handshake", "connected"] as const) {
      const mapped = tlsConnectionError(alert(nodeCode), "localhost:8883", phase);
      assert.equal(mapped.code, code, nodeCode);
      assert.equal(mapped.error_name, "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE");
      assert.match(mapped.message, message);
    }
  }
});
