// Refusals through the IoT-like front: each ends in `connectionFailure` with a typed error, and the client keeps
// retrying (several failures in a row, never a success). Also: the front's own checks (ALPN, SDK metrics) refuse
// what IoT Core would refuse.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { auth, io, iot, ConnectionError } from "../../src/index.js";
import { collectFailures, newAuthorizerKeys, startIotRig, STATIC_KEYS, TEST_REGION, type IotRig } from "./iot-helpers.js";

const keys = newAuthorizerKeys();
const otherKeys = newAuthorizerKeys();
const EXPIRED_KEYS = { accessKeyId: "AKIDEXPIREDSESSION01", secretAccessKey: "expired-secret", sessionToken: "expired-token", expired: true };
let rig: IotRig;
before(async () => {
  rig = await startIotRig({
    credentials: [STATIC_KEYS, EXPIRED_KEYS],
    authorizers: [{ name: "SignedAuth", signing: { tokenKeyName: "deviceToken", publicKey: keys.publicKey } }],
  });
});
after(async () => {
  await rig.stop();
});

const ca = (): string => readFileSync(rig.broker.certs.ca.certPath, "utf8");

function sigv4Builder(provider: auth.AwsCredentialsProvider): iot.AwsIotMqtt5ClientConfigBuilder {
  return iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithSigv4Auth("localhost", { region: TEST_REGION, credentialsProvider: provider })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port);
}

function assertConnectionError(error: unknown, code: string, message?: RegExp): ConnectionError {
  assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
  assert.equal(error.code, code, String(error));
  if (message !== undefined) assert.match(error.message, message);
  return error;
}

test("SigV4 with a wrong secret: 403 from the front, websocketUpgradeFailed, retried", async (t) => {
  const from = rig.front.records.length;
  const config = sigv4Builder(auth.AwsCredentialsProvider.newStatic(STATIC_KEYS.accessKeyId, "not-the-secret", STATIC_KEYS.sessionToken)).build();
  const failures = await collectFailures(t, config, 3);
  for (const { error } of failures) assertConnectionError(error, "websocketUpgradeFailed", /403/);
  const refused = rig.front.records.slice(from).filter((record) => record.mode === "websocketSigv4");
  assert.ok(refused.length >= 3);
  for (const record of refused) {
    assert.equal(record.httpStatus, 403);
    assert.match(record.reason ?? "", /signature we calculated does not match/);
  }
});

test("SigV4 with credentials whose session expired (front side): 403, retried", async (t) => {
  const from = rig.front.records.length;
  const config = sigv4Builder(auth.AwsCredentialsProvider.newStatic(EXPIRED_KEYS.accessKeyId, EXPIRED_KEYS.secretAccessKey, EXPIRED_KEYS.sessionToken)).build();
  const failures = await collectFailures(t, config, 2);
  for (const { error } of failures) assertConnectionError(error, "websocketUpgradeFailed", /403/);
  const record = await rig.front.waitForRecord((r) => r.mode === "websocketSigv4", 5_000, from);
  assert.match(record.reason ?? "", /expired/);
});

test("SigV4 with credentials already past their expiration: credentialsExpired before any request, retried", async (t) => {
  const from = rig.front.records.length;
  let calls = 0;
  const provider = auth.AwsCredentialsProvider.newDelegate(async () => {
    calls++;
    return { ...STATIC_KEYS, expiration: new Date(Date.now() - 60_000) };
  });
  const failures = await collectFailures(t, sigv4Builder(provider).build(), 2);
  for (const { error } of failures) {
    const outer = assertConnectionError(error, "websocketHandshakeTransformFailed");
    assertConnectionError(outer.cause, "credentialsExpired", /expired at/);
  }
  assert.ok(calls >= 2, "credentials are resolved again on every attempt");
  assert.equal(rig.front.records.slice(from).filter((record) => record.mode === "websocketSigv4").length, 0, "nothing was sent");
});

test("SigV4 whose provider fails: credentialsUnavailable naming the cause, retried", async (t) => {
  const provider = auth.AwsCredentialsProvider.newDelegate(() => Promise.reject(new Error("metadata service unreachable")));
  const failures = await collectFailures(t, sigv4Builder(provider).build(), 2);
  for (const { error } of failures) {
    const outer = assertConnectionError(error, "websocketHandshakeTransformFailed");
    assertConnectionError(outer.cause, "credentialsUnavailable", /metadata service unreachable/);
  }
});

test("signed custom authorizer with a wrong signature: CONNACK 0x87 Not authorized, retried", async (t) => {
  const from = rig.front.records.length;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("localhost", {
    authorizerName: "SignedAuth",
    tokenKeyName: "deviceToken",
    tokenValue: "the-token",
    tokenSignature: otherKeys.signToken("the-token"), // signed with a key the authorizer does not know
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  const failures = await collectFailures(t, config, 3);
  for (const { error, connack } of failures) {
    assert.equal(assertConnectionError(error, "connackRefused").reasonCode, 0x87);
    assert.equal(connack?.reasonCode, 0x87);
  }
  const record = await rig.front.waitForRecord((r) => r.mode === "customAuth", 5_000, from);
  assert.match(record.reason ?? "", /does not verify/);
});

test("signed custom authorizer without its token: CONNACK 0x87, retried", async (t) => {
  const from = rig.front.records.length;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("localhost", { authorizerName: "SignedAuth", username: "someone" })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  const failures = await collectFailures(t, config, 2);
  for (const { error } of failures) assert.equal(assertConnectionError(error, "connackRefused").reasonCode, 0x87);
  const record = await rig.front.waitForRecord((r) => r.mode === "customAuth", 5_000, from);
  assert.match(record.reason ?? "", /token or signature missing/);
});

test("a signed authorizer configured without its signature is a ValidationError at the factory", () => {
  assert.throws(
    () => iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("localhost", { authorizerName: "SignedAuth", tokenKeyName: "deviceToken", tokenValue: "v" }),
    (error: unknown) => error instanceof Error && (error as { field?: string }).field === "customAuthConfig.tokenSignature",
  );
});

test("mTLS with a certificate from an untrusted CA: TLS refused, retried", async (t) => {
  const { untrustedClient } = rig.broker.certs;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPath("localhost", untrustedClient.certPath, untrustedClient.keyPath)
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  const failures = await collectFailures(t, config, 2);
  for (const { error } of failures) assert.ok(error instanceof ConnectionError, String(error));
});

test("the front checks ALPN: custom auth offered as x-amzn-mqtt-ca is treated as mutual TLS and refused", async (t) => {
  const from = rig.front.records.length;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("localhost", { authorizerName: "SignedAuth" })
    .withPort(rig.front.port)
    .build();
  const options = io.TlsContextOptions.create_client_with_mtls(rig.broker.certs.untrustedClient.cert.toString(), rig.broker.certs.untrustedClient.key.toString());
  options.override_default_trust_store(ca());
  options.alpn_list = ["x-amzn-mqtt-ca"];
  config.tlsCtx = new io.ClientTlsContext(options);
  await collectFailures(t, config, 1);
  const record = await rig.front.waitForRecord((r) => r.mode === "mtls", 5_000, from);
  assert.equal(record.alpn, "x-amzn-mqtt-ca");
  assert.equal(record.accepted, false);
});

test("disableMetrics set after build() is honoured: the bare '?' username reaches the front (which requires metrics)", async (t) => {
  const from = rig.front.records.length;
  const { client } = rig.broker.certs;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPath("localhost", client.certPath, client.keyPath)
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  config.disableMetrics = true;
  const failures = await collectFailures(t, config, 1);
  assert.equal((failures[0]?.error as ConnectionError).reasonCode, 0x86);
  const record = await rig.front.waitForRecord((r) => r.mode === "mtls", 5_000, from);
  assert.equal(record.username, "?");
});
