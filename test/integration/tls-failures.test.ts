// TLS failures against a real Mosquitto: each attempt ends in a `connectionFailure` whose ConnectionError names
// the cause (our `code`, aws-crt's error name and number), and the client keeps retrying with its backoff until
// stopped. Two extra listeners serve a certificate for another host name and an expired one.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { io, type mqtt5 } from "../../src/index.js";
import { getTestCertificates } from "../support/certificates.js";
import { freePorts } from "../support/free-port.js";
import { startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { assertNamedCause, expectRetryingFailures, makeClient } from "./tls-helpers.js";

let broker: MosquittoBroker;
let otherHostPort: number;
let expiredServerPort: number;

before(async () => {
  [otherHostPort, expiredServerPort] = (await freePorts(2)) as [number, number];
  const certs = getTestCertificates();
  const listener = (port: number, server: { certPath: string; keyPath: string }): string[] => [
    `listener ${port} 127.0.0.1`,
    "allow_anonymous true",
    `cafile ${certs.ca.certPath}`,
    `certfile ${server.certPath}`,
    `keyfile ${server.keyPath}`,
    "",
  ];
  broker = await startMosquitto({
    logTypes: ["error", "warning", "notice", "information"],
    extraConfig: ["", ...listener(otherHostPort, certs.otherHostServer), ...listener(expiredServerPort, certs.expiredServer)],
  });
});
after(async () => {
  await broker.stop();
});

const NEGOTIATION = ["AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE", 1029] as const;
const CONTEXT = ["AWS_IO_TLS_CTX_ERROR", 1033] as const;

function trustingTestCa(options = new io.TlsContextOptions()): io.TlsContextOptions {
  options.override_default_trust_store_from_path(undefined, broker.certs.ca.certPath);
  return options;
}

function client(t: Parameters<typeof makeClient>[0], port: number, options: io.TlsContextOptions): mqtt5.Mqtt5Client {
  return makeClient(t, { hostName: "localhost", port, tlsCtx: new io.ClientTlsContext(options) });
}

test("unknown CA: the default trust store does not know the test CA → tlsUnknownCa", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, broker.ports.tls, new io.TlsContextOptions()));
  assertNamedCause(errors, "tlsUnknownCa", ...NEGOTIATION, /not trusted|not a trusted CA|untrusted/);
});

test("unknown CA: trusting another CA only → tlsUnknownCa", { timeout: 20_000 }, async (t) => {
  const options = new io.TlsContextOptions();
  options.override_default_trust_store(broker.certs.untrustedCa.cert.toString());
  const { errors } = await expectRetryingFailures(client(t, broker.ports.tls, options));
  assertNamedCause(errors, "tlsUnknownCa", ...NEGOTIATION, /CA/);
});

test("host-name mismatch: the certificate is for mqtt.invalid, we connect to localhost → tlsHostMismatch", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, otherHostPort, trustingTestCa()));
  assertNamedCause(errors, "tlsHostMismatch", ...NEGOTIATION, /does not match the host name/);
});

test("expired server certificate → tlsCertificateExpired", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, expiredServerPort, trustingTestCa()));
  assertNamedCause(errors, "tlsCertificateExpired", ...NEGOTIATION, /expired/);
});

test("mutual TLS listener without a client certificate → tlsClientCertificateRequired", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, broker.ports.mtls, trustingTestCa()));
  assertNamedCause(errors, "tlsClientCertificateRequired", ...NEGOTIATION, /requires a client certificate/);
});

test("expired client certificate → tlsClientCertificateExpired", { timeout: 20_000 }, async (t) => {
  const expired = broker.certs.expiredClient;
  const options = trustingTestCa(io.TlsContextOptions.create_client_with_mtls_from_path(expired.certPath, expired.keyPath));
  const { errors } = await expectRetryingFailures(client(t, broker.ports.mtls, options));
  assertNamedCause(errors, "tlsClientCertificateExpired", ...NEGOTIATION, /client certificate has expired/);
});

test("client certificate from a CA the broker does not trust → tlsClientCertificateRejected", { timeout: 20_000 }, async (t) => {
  const untrusted = broker.certs.untrustedClient;
  const options = trustingTestCa(io.TlsContextOptions.create_client_with_mtls(untrusted.cert.toString(), untrusted.key.toString()));
  const { errors } = await expectRetryingFailures(client(t, broker.ports.mtls, options));
  assertNamedCause(errors, "tlsClientCertificateRejected", ...NEGOTIATION, /client certificate/);
});

test("wrong PKCS#12 passphrase → tlsPkcs12WrongPassphrase, and the passphrase appears nowhere", { timeout: 20_000 }, async (t) => {
  const secret = "not-the-passphrase-4711";
  const options = trustingTestCa(io.TlsContextOptions.create_client_with_mtls_pkcs12_from_path(broker.certs.clientPkcs12.path, secret));
  const { errors } = await expectRetryingFailures(client(t, broker.ports.mtls, options));
  assertNamedCause(errors, "tlsPkcs12WrongPassphrase", ...CONTEXT, /wrong PKCS#12 passphrase/);
  for (const error of errors) assert.doesNotMatch(inspect(error, { depth: 6 }), new RegExp(secret));
});

test("legacy (RC2-40) PKCS#12 → tlsPkcs12LegacyEncryption telling how to re-export it", { timeout: 20_000 }, async (t) => {
  const legacy = broker.certs.clientPkcs12Legacy;
  if (legacy === undefined) {
    t.skip("the system openssl cannot write legacy PKCS#12 files (no legacy provider)");
    return;
  }
  const options = trustingTestCa(io.TlsContextOptions.create_client_with_mtls_pkcs12_from_path(legacy.path, legacy.passphrase));
  const { errors } = await expectRetryingFailures(client(t, broker.ports.mtls, options));
  assertNamedCause(errors, "tlsPkcs12LegacyEncryption", ...CONTEXT, /legacy encryption.*re-export.*--openssl-legacy-provider/s);
});

test("a plain-MQTT port (Mosquitto drops the ClientHello) → tlsHandshake asking whether it is a TLS port", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, broker.ports.tcp, trustingTestCa()));
  assertNamedCause(errors, "tlsHandshake", ...NEGOTIATION, /closed the connection during the handshake \(is it a TLS port\?\)/);
});
