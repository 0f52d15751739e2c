// Issue 8 (browser): SigV4 credentials from an AWS SDK Cognito provider, resolved INSIDE headless Chromium and again
// on every connection attempt. The page gets `@aws-sdk/credential-providers` bundled for the browser
// (support/cognito-bundle.ts) and hands `fromCognitoIdentityPool({ identityPoolId, clientConfig: { endpoint,
// region } })`, unwrapped, to the browser `iot` builder. The SDK's fetch reaches the local Cognito stand-in
// (test/support/cognito-stand-in.ts, CORS on); the connection goes through the IoT front (SigV4 verified with
// aws4) to Mosquitto. Everything listens on 127.0.0.1.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import { startCognitoStandIn, type CognitoIssuedCredentials, type CognitoStandIn } from "../support/cognito-stand-in.js";
import { IotFront } from "../support/iot-front.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { BrowserSession, HarnessPage } from "./support/browser-session.js";
import { cognitoProvidersBundle } from "./support/cognito-bundle.js";

const REGION = "eu-central-1";
const POOL_ID = `${REGION}:0000aaaa-pool-browser`;
const IDENTITY_ID = `${REGION}:1111bbbb-identity-browser`;
// What the stand-in's GetCredentialsForIdentity hands out, before and after the rotation.
const ISSUED_FIRST: CognitoIssuedCredentials = { accessKeyId: "AKIDCOGNITOBROWSER01", secretAccessKey: "cognito-secret/1+=", sessionToken: "cognito-token-1" };
const ISSUED_ROTATED: CognitoIssuedCredentials = { accessKeyId: "AKIDCOGNITOBROWSER02", secretAccessKey: "cognito-secret-2", sessionToken: "cognito-token-2" };

let broker: MosquittoBroker;
let front: IotFront;
let session: BrowserSession;
let standIn: CognitoStandIn;
let bundle: string;
let issued = ISSUED_FIRST;

before(async () => {
  [broker, session, bundle, standIn] = await Promise.all([
    startMosquitto(),
    BrowserSession.start(),
    cognitoProvidersBundle(),
    startCognitoStandIn({ cors: true, pools: { [POOL_ID]: IDENTITY_ID }, identities: { [IDENTITY_ID]: () => issued } }),
  ]);
  front = await IotFront.start({
    broker: { host: broker.host, port: broker.ports.tcp },
    region: REGION,
    credentials: [ISSUED_FIRST],
    // Headless Chromium cancels a TLS handshake that asks for a client certificate (see IotFrontOptions).
    requestClientCertificate: false,
  });
});

after(async () => {
  await front?.close();
  await session?.close();
  await standIn?.close();
  await broker?.stop();
});

const operations = (name: string): number => standIn.calls.filter((call) => call.operation === name).length;

test("Cognito in Chromium: fromCognitoIdentityPool signs the connection, QoS 1 round trip; after a rotation the reconnect asks Cognito again and signs with the new keys", { timeout: 60_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await page.page.addScriptTag({ content: bundle });
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = `browser-cognito-${Math.random().toString(16).slice(2, 10)}`;
    const firstRecord = front.records.length;
    const created = await page.call("createIot", "c", {
      hostName: "localhost",
      port: front.port,
      clientId,
      cognito: { identityPoolId: POOL_ID, endpoint: standIn.endpoint, region: REGION },
      minReconnectDelayMs: 100,
      maxReconnectDelayMs: 500,
    });
    assert.ok(created.ok, JSON.stringify(created));
    await page.call("start", "c");
    await page.waitForEvent("c", "connectionSuccess");

    // The page's SDK asked the stand-in: identity first, then its credentials, cross-origin from the page.
    assert.deepEqual(standIn.calls.slice(0, 2).map((call) => call.operation), ["GetId", "GetCredentialsForIdentity"]);
    assert.equal(standIn.calls[0]?.body.IdentityPoolId, POOL_ID);
    assert.equal(standIn.calls[1]?.body.IdentityId, IDENTITY_ID);
    for (const call of standIn.calls) assert.equal(call.origin, session.origin, `${call.operation} came from the page`);

    const record = await front.waitForRecord((candidate) => candidate.clientId === clientId && candidate.accepted, 10_000, firstRecord);
    assert.equal(record.mode, "websocketSigv4");
    assert.equal(record.sigv4?.ok, true);
    assert.equal(record.sigv4?.accessKeyId, ISSUED_FIRST.accessKeyId);
    assert.equal(record.sigv4?.hadSessionToken, true, "Cognito's session token went with the signature");

    const topic = `browser/cognito/${clientId}`;
    HarnessPage.value(await page.call("subscribe", "c", { subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] }), "subscribe");
    const puback = HarnessPage.value<{ type: number }>(await page.call("publish", "c", { topicName: topic, qos: QoS.AtLeastOnce, payload: "signed by cognito" }), "publish");
    assert.equal(puback.type, PacketType.Puback);
    assert.equal((await page.waitForEvent("c", "messageReceived")).payload, "signed by cognito");

    // Rotation: Cognito now issues new keys and the front accepts only those; a client that reused what it had
    // (no new GetCredentialsForIdentity) would be refused with 403 on every retry and never reconnect.
    const issuedBefore = operations("GetCredentialsForIdentity");
    const beforeRotation = front.records.length;
    issued = ISSUED_ROTATED;
    front.setCredentials([ISSUED_ROTATED]);
    front.dropAll();
    await page.waitForEvent("c", "disconnection");
    await page.waitForEvent("c", "connectionSuccess", 2);
    const rotated = await front.waitForRecord((candidate) => candidate.clientId === clientId && candidate.accepted, 10_000, beforeRotation);
    assert.equal(rotated.sigv4?.accessKeyId, ISSUED_ROTATED.accessKeyId);
    assert.ok(operations("GetCredentialsForIdentity") > issuedBefore, "the reconnect asked Cognito again");
    for (const call of standIn.calls) assert.equal(call.origin, session.origin, `${call.operation} came from the page`);

    // A fresh session (no session expiry): subscribe again for the round trip on the new connection.
    HarnessPage.value(await page.call("subscribe", "c", { subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] }), "subscribe again");
    const again = HarnessPage.value<{ type: number }>(await page.call("publish", "c", { topicName: topic, qos: QoS.AtLeastOnce, payload: "after rotation" }), "publish");
    assert.equal(again.type, PacketType.Puback);
    assert.equal((await page.waitForEvent("c", "messageReceived", 2)).payload, "after rotation");
    await page.call("close", "c");
  });
});
