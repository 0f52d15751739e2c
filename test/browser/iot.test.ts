// AWS IoT Core from headless Chromium, against the test IoT front (test/support/iot-front.ts: TLS on localhost,
// SigV4 verified independently with `aws4`, custom authorizers, SDK-metrics check) in front of the test Mosquitto.
// Clients are made with the browser `iot.AwsIotMqtt5ClientConfigBuilder`; SigV4 credentials come from an aws-crt
// style `auth.CredentialsProvider` subclass whose refreshCredentials() is async and is asked again on every attempt.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import { IotFront } from "../support/iot-front.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { BrowserSession, HarnessPage } from "./support/browser-session.js";

const REGION = "eu-central-1";
const KEY_A = { accessKeyId: "AKIDBROWSERA", secretAccessKey: "secret-a/+=", sessionToken: "session/token+A==" };
const KEY_B = { accessKeyId: "AKIDBROWSERB", secretAccessKey: "secret-b" };
const AUTHORIZER = { name: "browser-authorizer", expectedUsername: "device", expectedPassword: "hunter2" };

let broker: MosquittoBroker;
let front: IotFront;
let session: BrowserSession;

before(async () => {
  [broker, session] = await Promise.all([startMosquitto(), BrowserSession.start()]);
  front = await IotFront.start({
    broker: { host: broker.host, port: broker.ports.tcp },
    region: REGION,
    credentials: [KEY_A],
    authorizers: [AUTHORIZER],
    // Headless Chromium cancels a TLS handshake that asks for a client certificate (see IotFrontOptions).
    requestClientCertificate: false,
  });
});

after(async () => {
  await front?.close();
  await session?.close();
  await broker?.stop();
});

const uniqueId = (prefix: string): string => `${prefix}-${Math.random().toString(16).slice(2, 10)}`;

test("SigV4: presigned WebSocket accepted by the front, QoS 1 round trip; after a key rotation the reconnect signs with the new key", { timeout: 60_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("browser-sigv4");
    const firstRecord = front.records.length;
    const created = await page.call("createIot", "c", {
      hostName: "localhost",
      port: front.port,
      clientId,
      sigv4: { region: REGION, credentials: [KEY_A, KEY_B] },
      minReconnectDelayMs: 100,
      maxReconnectDelayMs: 500,
    });
    assert.ok(created.ok, JSON.stringify(created));
    await page.call("start", "c");
    await page.waitForEvent("c", "connectionSuccess");

    const record = await front.waitForRecord((candidate) => candidate.clientId === clientId && candidate.accepted, 10_000, firstRecord);
    assert.equal(record.mode, "websocketSigv4");
    assert.equal(record.sigv4?.ok, true);
    assert.equal(record.sigv4?.accessKeyId, KEY_A.accessKeyId);
    assert.equal(record.sigv4?.signedHeaders, "host");
    assert.equal(record.sigv4?.hadSessionToken, true);
    assert.equal(record.upgradeHeaders?.host, `localhost:${front.port}`, "the browser's Host header (with the port) was the signed one");
    assert.equal(record.metrics?.sdk, "mqtt5-client/JS", "the builder's SDK metrics reached the CONNECT username");

    const topic = `browser/iot/${clientId}`;
    HarnessPage.value(await page.call("subscribe", "c", { subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] }), "subscribe");
    const puback = HarnessPage.value<{ type: number; reasonCode: number }>(
      await page.call("publish", "c", { topicName: topic, qos: QoS.AtLeastOnce, payload: "through the front" }),
      "publish",
    );
    assert.equal(puback.type, PacketType.Puback);
    assert.equal((await page.waitForEvent("c", "messageReceived")).payload, "through the front");
    assert.equal(await page.call("credentialRequests", "c"), 1);

    // Rotation: the front now accepts only key B and drops every connection; the next attempt must ask the
    // provider again (it hands out B from its second refresh on).
    const beforeRotation = front.records.length;
    front.setCredentials([KEY_B]);
    front.dropAll();
    await page.waitForEvent("c", "disconnection");
    await page.waitForEvent("c", "connectionSuccess", 2);
    const rotated = await front.waitForRecord((candidate) => candidate.clientId === clientId && candidate.accepted, 10_000, beforeRotation);
    assert.equal(rotated.sigv4?.accessKeyId, KEY_B.accessKeyId);
    assert.equal(rotated.sigv4?.hadSessionToken, false);
    assert.ok((await page.call("credentialRequests", "c")) >= 2);
    await page.call("close", "c");
  });
});

test("SigV4 with credentials the front does not know: HTTP 403 → a typed connectionFailure, retried with fresh credentials", { timeout: 30_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  const unknown = { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "nope" };
  const created = await page.call("createIot", "bad", {
    hostName: "localhost",
    port: front.port,
    clientId: uniqueId("browser-sigv4-bad"),
    sigv4: { region: REGION, credentials: [unknown] },
    minReconnectDelayMs: 100,
    maxReconnectDelayMs: 200,
  });
  assert.ok(created.ok);
  await page.call("start", "bad");
  const failure = await page.waitForEvent("bad", "connectionFailure");
  assert.equal(failure.error?.code, "websocketFailed");
  assert.ok(failure.error?.classes.includes("ConnectionError"));
  assert.doesNotMatch(failure.error?.message ?? "", /X-Amz-Signature|nope/, "no signature or secret in the error");
  await page.waitForEvent("bad", "connectionFailure", 2);
  assert.ok((await page.call("credentialRequests", "bad")) >= 2, "credentials were asked again for the retry");
  await page.call("close", "bad");
});

test("custom authorizer over WSS: username/password reach the authorizer, a wrong password gets CONNACK 0x87 (typed)", { timeout: 30_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("browser-custom");
    const from = front.records.length;
    const created = await page.call("createIot", "c", {
      hostName: "localhost",
      port: front.port,
      clientId,
      customAuth: { authorizerName: AUTHORIZER.name, username: AUTHORIZER.expectedUsername, password: AUTHORIZER.expectedPassword },
    });
    assert.ok(created.ok, JSON.stringify(created));
    await page.call("start", "c");
    await page.waitForEvent("c", "connectionSuccess");
    const record = await front.waitForRecord((candidate) => candidate.clientId === clientId, 10_000, from);
    assert.equal(record.mode, "websocketCustomAuth");
    assert.equal(record.authorizerName, AUTHORIZER.name);
    assert.equal(record.accepted, true);
    await page.call("close", "c");

    const refused = await page.call("createIot", "wrong", {
      hostName: "localhost",
      port: front.port,
      clientId: uniqueId("browser-custom-wrong"),
      customAuth: { authorizerName: AUTHORIZER.name, username: AUTHORIZER.expectedUsername, password: "wrong" },
      minReconnectDelayMs: 5_000,
    });
    assert.ok(refused.ok);
    await page.call("start", "wrong");
    const failure = await page.waitForEvent("wrong", "connectionFailure");
    assert.equal(failure.reasonCode, 0x87);
    assert.equal(failure.error?.code, "connackRefused");
    assert.ok(failure.error?.classes.includes("ConnectionError"));
    await page.call("close", "wrong");
  });
});
