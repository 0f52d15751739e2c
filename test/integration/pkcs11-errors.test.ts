// PKCS#11 failures against SoftHSM2 + Mosquitto: a wrong PIN and a missing key are `connectionFailure` events with
// errors naming the cause — never the PIN — and the client keeps retrying until stopped. Own file (own process)
// and own token: libp11 stays logged in to a token after the first successful login, after which it would not
// check a PIN again in this process. Expect the engine's own stderr lines ("The private key was not found at:
// pkcs11:…;pin-value=…"): that is libp11 writing, not this library (README: PKCS#11).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { io } from "../../src/index.js";
import { startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { createSoftHsmToken, type SoftHsmToken } from "../support/softhsm.js";
import { assertNamedCause, expectRetryingFailures, makeClient, qos1RoundTrip, startAndConnect, stopClient } from "./tls-helpers.js";

delete process.env.OPENSSL_ENGINES;
delete process.env.PKCS11_MODULE_PATH;

const WRONG_PIN = "98765-wrong";

let broker: MosquittoBroker;
let token: SoftHsmToken;

before(async () => {
  broker = await startMosquitto({ logTypes: ["error", "warning", "notice", "information"] });
  token = createSoftHsmToken({ label: "mqtt5-errors-test", keyPemPath: broker.certs.client.keyPath, userPin: "24680" });
});
after(async () => {
  await broker.stop();
});

function client(t: Parameters<typeof makeClient>[0], overrides: Partial<io.TlsContextOptions.Pkcs11Options>) {
  const options = io.TlsContextOptions.create_client_with_mtls_pkcs11({
    pkcs11_lib: new io.Pkcs11Lib(token.libraryPath),
    user_pin: token.userPin,
    token_label: token.label,
    private_key_object_label: token.keyLabel,
    cert_file_path: broker.certs.client.certPath,
    ...overrides,
  });
  options.override_default_trust_store_from_path(undefined, broker.certs.ca.certPath);
  return makeClient(t, { hostName: "localhost", port: broker.ports.mtls, tlsCtx: new io.ClientTlsContext(options) });
}

test("wrong user PIN → pkcs11PinIncorrect (AWS_ERROR_PKCS11_CKR_PIN_INCORRECT); the PIN is in no error", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, { user_pin: WRONG_PIN }));
  assertNamedCause(errors, "pkcs11PinIncorrect", "AWS_ERROR_PKCS11_CKR_PIN_INCORRECT", 1117, /PKCS#11: login failed: wrong user PIN/);
  for (const error of errors) {
    const everything = `${error.message}\n${error.stack ?? ""}\n${inspect(error, { depth: 8 })}\n${JSON.stringify(error)}`;
    assert.doesNotMatch(everything, new RegExp(WRONG_PIN));
    assert.doesNotMatch(everything, /pin-value/);
  }
});

test("no key with that label → pkcs11KeyNotFound naming the label and the token", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, { private_key_object_label: "no-such-key" }));
  assertNamedCause(errors, "pkcs11KeyNotFound", "AWS_ERROR_PKCS11_KEY_NOT_FOUND", 1075, /"no-such-key" on the token labelled "mqtt5-errors-test" was not found/);
});

test("no token with that label → pkcs11KeyNotFound naming the token", { timeout: 20_000 }, async (t) => {
  const { errors } = await expectRetryingFailures(client(t, { token_label: "no-such-token" }));
  assertNamedCause(errors, "pkcs11KeyNotFound", "AWS_ERROR_PKCS11_KEY_NOT_FOUND", 1075, /token labelled "no-such-token"/);
});

test("after the failures, the right PIN connects in the same process", { timeout: 20_000 }, async (t) => {
  const good = client(t, {});
  await startAndConnect(good);
  await qos1RoundTrip(good, "pkcs11-recovered");
  await stopClient(good);
});
