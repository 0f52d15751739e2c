// Mutual TLS with the client key inside a SoftHSM2 token, through the public API as aws-crt users write it
// (`io.TlsContextOptions.create_client_with_mtls_pkcs11({ pkcs11_lib: new io.Pkcs11Lib(path), user_pin, … })`),
// against Mosquitto's mutual-TLS listener. The engine is found without any environment variable set by the user;
// every reconnect builds a new TLS context, which must load the engine again by id (reference/peers.md).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { io } from "../../src/index.js";
import { makeSharedTempDir } from "../support/certificates.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { createSoftHsmToken, type SoftHsmToken } from "../support/softhsm.js";
import { assertNamedCause, expectRetryingFailures, makeClient, qos1RoundTrip, reconnectAfterBrokerRestart, startAndConnect, stopClient } from "./tls-helpers.js";

// What a user's shell would not have: the test proves the client sets these itself.
delete process.env.OPENSSL_ENGINES;
delete process.env.PKCS11_MODULE_PATH;

let broker: MosquittoBroker;
let token: SoftHsmToken;

before(async () => {
  broker = await startMosquitto({ logTypes: ["error", "warning", "notice", "information"] });
  token = createSoftHsmToken({ label: "mqtt5-client-test", keyPemPath: broker.certs.client.keyPath });
});
after(async () => {
  await broker.stop();
});

function pkcs11Options(overrides: Partial<io.TlsContextOptions.Pkcs11Options> = {}): io.TlsContextOptions {
  const certificate = overrides.cert_file_contents === undefined ? { cert_file_path: broker.certs.client.certPath } : {};
  const options = io.TlsContextOptions.create_client_with_mtls_pkcs11({
    pkcs11_lib: new io.Pkcs11Lib(token.libraryPath, io.Pkcs11Lib.InitializeFinalizeBehavior.STRICT),
    user_pin: token.userPin,
    token_label: token.label,
    private_key_object_label: token.keyLabel,
    ...certificate,
    ...overrides,
  });
  options.override_default_trust_store_from_path(undefined, broker.certs.ca.certPath);
  return options;
}

test("PKCS#11 (SoftHSM2): QoS 1 round trip, broker restart, round trip again; engine found without env vars", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const logStart = broker.logText().length;
    const options = pkcs11Options();
    assert.equal(options.certificate_source, io.CertificateSource.PKCS11);
    const client = makeClient(t, { hostName: "localhost", port: broker.ports.mtls, tlsCtx: new io.ClientTlsContext(options) });
    await startAndConnect(client);
    assert.match(process.env.OPENSSL_ENGINES ?? "", /engines-3$/, "the client pointed OpenSSL at the engines folder");
    assert.equal(process.env.PKCS11_MODULE_PATH, token.libraryPath);
    await qos1RoundTrip(client, "pkcs11");
    await broker.waitForLog(/u'mqtt5-test-client'/, 5_000, logStart); // the token's key proved the certificate
    // A new TLS context per connection: loading the engine by id keeps working (by path it would fail here).
    await reconnectAfterBrokerRestart(client, broker, "pkcs11");
    await stopClient(client);
  });
});

test("PKCS#11: certificate from memory, slot id given with the token label, a second client in the same process", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const options = pkcs11Options({ cert_file_contents: broker.certs.client.cert.toString(), slot_id: token.slotId });
    assert.equal(options.pkcs11_options?.cert_file_path, undefined);
    const client = makeClient(t, { hostName: "localhost", port: broker.ports.mtls, tlsCtx: new io.ClientTlsContext(options) });
    await startAndConnect(client);
    await qos1RoundTrip(client, "pkcs11-memory");
    await stopClient(client);
  });
});

test("PKCS#11: a second, different PKCS#11 library in the same process → pkcs11LibraryConflict", { timeout: 20_000 }, async (t) => {
  const otherLibrary = join(makeSharedTempDir("mqtt5-p11lib-"), "libother-pkcs11.so");
  copyFileSync(token.libraryPath, otherLibrary);
  const options = pkcs11Options({ pkcs11_lib: new io.Pkcs11Lib(otherLibrary) });
  const client = makeClient(t, { hostName: "localhost", port: broker.ports.mtls, tlsCtx: new io.ClientTlsContext(options) });
  const { errors } = await expectRetryingFailures(client, 2);
  assertNamedCause(errors, "pkcs11LibraryConflict", "AWS_IO_TLS_CTX_ERROR", 1033, /one library per process/);
});
