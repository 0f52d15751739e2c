// Every AwsIotMqtt5ClientConfigBuilder path completes a QoS 1 round trip through the IoT-like front (which checks
// ALPN, client certificates, SigV4 with an independent verifier, custom-auth usernames and the SDK-metrics suffix)
// to the test Mosquitto.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { auth, io, iot } from "../../src/index.js";
import { createSoftHsmToken } from "../support/softhsm.js";
import { TEST_CLIENT_ID } from "../support/certificates.js";
import { newAuthorizerKeys, qos1RoundTrip, startIotRig, STATIC_KEYS, TEST_REGION, type IotRig } from "./iot-helpers.js";

const keys = newAuthorizerKeys();
let rig: IotRig;
before(async () => {
  rig = await startIotRig({
    authorizers: [
      { name: "UnsignedAuth", expectedUsername: "device-user", expectedPassword: "device-password" },
      { name: "SignedAuth", signing: { tokenKeyName: "deviceToken", publicKey: keys.publicKey } },
    ],
  });
});
after(async () => {
  await rig.stop();
});

function ca(): string {
  return readFileSync(rig.broker.certs.ca.certPath, "utf8");
}

async function lastRecordFor(mode: string, from: number) {
  return rig.front.waitForRecord((record) => record.mode === mode && record.accepted, 5_000, from);
}

test("mTLS from path: ALPN x-amzn-mqtt-ca, client certificate verified, metrics in the username", async (t) => {
  const from = rig.front.records.length;
  const { client } = rig.broker.certs;
  const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPath("localhost", client.certPath, client.keyPath);
  const config = builder.withCertificateAuthorityFromPath(undefined, rig.broker.certs.ca.certPath).withPort(rig.front.port).build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("mtls", from);
  assert.equal(record.alpn, "x-amzn-mqtt-ca");
  assert.equal(record.clientCertificateCn, TEST_CLIENT_ID);
  assert.match(record.username ?? "", /^\?SDK=mqtt5-client\/JS&Platform=\w+&Metadata=\(Mqtt5ClientVersion=[\d.]+;IoTSDKFeature=F\/5,G\/A,I\/A;IoTSDKMetricsVersion=1\)$/);
});

test("mTLS from memory", async (t) => {
  const from = rig.front.records.length;
  const { client } = rig.broker.certs;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromMemory("localhost", client.cert.toString("utf8"), client.key.toString("utf8"))
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("mtls", from);
  assert.equal(record.clientCertificateCn, TEST_CLIENT_ID);
});

test("mTLS from PKCS#12 (every OS here)", async (t) => {
  const from = rig.front.records.length;
  const { clientPkcs12 } = rig.broker.certs;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPkcs12("localhost", {
    pkcs12_file: clientPkcs12.path,
    pkcs12_password: clientPkcs12.passphrase,
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("mtls", from);
  assert.equal(record.clientCertificateCn, TEST_CLIENT_ID);
  assert.match(record.username ?? "", /IoTSDKFeature=F\/5,G\/A,I\/E;/, "feature I/E = certificate from PKCS#12");
});

test("mTLS from PKCS#11 (SoftHSM2 token)", async (t) => {
  const from = rig.front.records.length;
  const token = createSoftHsmToken({ label: "iot-builder", keyPemPath: rig.broker.certs.client.keyPath });
  const pkcs11Lib = new io.Pkcs11Lib(token.libraryPath, io.Pkcs11Lib.InitializeFinalizeBehavior.STRICT);
  t.after(() => pkcs11Lib.close());
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPkcs11("localhost", {
    pkcs11_lib: pkcs11Lib,
    user_pin: token.userPin,
    token_label: token.label,
    private_key_object_label: token.keyLabel,
    cert_file_path: rig.broker.certs.client.certPath,
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("mtls", from);
  assert.equal(record.clientCertificateCn, TEST_CLIENT_ID);
  assert.match(record.username ?? "", /IoTSDKFeature=F\/5,G\/A,I\/B;/, "feature I/B = certificate from PKCS#11");
});

test("direct MQTT with an unsigned custom authorizer: ALPN mqtt, username format, password", async (t) => {
  const from = rig.front.records.length;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("localhost", {
    authorizerName: "UnsignedAuth",
    username: "device-user",
    password: new TextEncoder().encode("device-password"),
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("customAuth", from);
  assert.equal(record.alpn, "mqtt");
  assert.equal(record.authorizerName, "UnsignedAuth");
  assert.equal(record.password?.toString("utf8"), "device-password");
  assert.match(record.username ?? "", /^device-user\?x-amz-customauthorizer-name=UnsignedAuth&SDK=mqtt5-client\/JS&Platform=\w+&Metadata=\(/);
});

test("direct MQTT with a signed custom authorizer: the signature is URI-encoded and verifies", async (t) => {
  const from = rig.front.records.length;
  const tokenValue = "token-value-for-the-device";
  const signature = keys.signToken(tokenValue);
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("localhost", {
    authorizerName: "SignedAuth",
    tokenKeyName: "deviceToken",
    tokenValue,
    tokenSignature: signature,
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("customAuth", from);
  assert.equal(record.authorizerName, "SignedAuth");
  assert.ok(record.username?.includes(`&x-amz-customauthorizer-signature=${encodeURIComponent(signature)}&`), record.username);
});

test("WebSocket with SigV4 (static credentials + session token): verified by aws4, token added after signing", async (t) => {
  const from = rig.front.records.length;
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithSigv4Auth("localhost", {
    region: TEST_REGION,
    credentialsProvider: auth.AwsCredentialsProvider.newStatic(STATIC_KEYS.accessKeyId, STATIC_KEYS.secretAccessKey, STATIC_KEYS.sessionToken),
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("websocketSigv4", from);
  assert.equal(record.httpStatus, 101);
  assert.equal(record.alpn, false, "WebSocket offers no ALPN");
  assert.equal(record.sigv4?.accessKeyId, STATIC_KEYS.accessKeyId);
  assert.equal(record.sigv4?.hadSessionToken, true);
  assert.equal(record.sigv4?.signedHeaders, "host");
  assert.match(record.upgradeTarget ?? "", /^\/mqtt\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDSTATICTEST000001%2F\d{8}%2Fus-east-1%2Fiotdevicegateway%2Faws4_request&/);
  assert.match(record.upgradeTarget ?? "", /&X-Amz-Signature=[0-9a-f]{64}&X-Amz-Security-Token=[^&]+$/);
  assert.match(record.username ?? "", /^\?SDK=/);
});

test("WebSocket with a signed custom authorizer", async (t) => {
  const from = rig.front.records.length;
  const tokenValue = "ws-token";
  const config = iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithCustomAuth("localhost", {
    authorizerName: "SignedAuth",
    tokenKeyName: "deviceToken",
    tokenValue,
    tokenSignature: keys.signToken(tokenValue),
  })
    .withCertificateAuthority(ca())
    .withPort(rig.front.port)
    .build();
  await qos1RoundTrip(t, config);
  const record = await lastRecordFor("websocketCustomAuth", from);
  assert.equal(record.httpStatus, 101);
  assert.equal(record.authorizerName, "SignedAuth");
  assert.equal(record.upgradeTarget, "/mqtt");
});
