// Every sample in samples/ runs against the local stand-ins (the IoT-like front before Mosquitto, the Cognito
// stand-in, SoftHSM2, tinyproxy) with its endpoint and files given as flags, and exits 0 after receiving back
// every message it published. The samples also type-check against the library's declarations.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCognitoStandIn, type CognitoStandIn } from "../support/cognito-stand-in.js";
import { createSoftHsmToken, SOFTHSM_LIBRARY } from "../support/softhsm.js";
import { startTinyproxy, type Tinyproxy } from "../support/tinyproxy.js";
import { newAuthorizerKeys, startIotRig, STATIC_KEYS, TEST_REGION, type IotRig } from "./iot-helpers.js";
import { sampleNames, transpileSamples, typeCheckSamples, type SampleResult, type TranspiledSamples } from "./sample-runner.js";

const keys = newAuthorizerKeys();
const COGNITO_KEYS = { accessKeyId: "AKIDSAMPLECOGNITO001", secretAccessKey: "sample-cognito-secret", sessionToken: "sample-cognito-token" };
let rig: IotRig;
let samples: TranspiledSamples;
let cognito: CognitoStandIn;
let proxy: Tinyproxy;
const covered = new Set<string>();

before(async () => {
  rig = await startIotRig({
    credentials: [STATIC_KEYS, COGNITO_KEYS],
    authorizers: [
      { name: "SampleUnsigned", expectedUsername: "sample-user", expectedPassword: "sample-password" },
      { name: "SampleSigned", signing: { tokenKeyName: "sampleToken", publicKey: keys.publicKey } },
    ],
  });
  samples = transpileSamples();
  cognito = await startCognitoStandIn({ identities: { "us-east-1:sample-identity": COGNITO_KEYS }, pools: { "us-east-1:sample-pool": "us-east-1:sample-identity" } });
  proxy = await startTinyproxy();
});
after(async () => {
  samples.remove();
  await cognito.close();
  await proxy.stop();
  await rig.stop();
});

/** A clean environment: no AWS settings from the machine, no metadata-service lookups, a private HOME. */
function sampleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), "sample-home-")), AWS_EC2_METADATA_DISABLED: "true", ...extra };
  if (process.env.SOFTHSM2_CONF !== undefined) env.SOFTHSM2_CONF = process.env.SOFTHSM2_CONF;
  return env;
}

async function runSample(name: string, args: string[], env = sampleEnv()): Promise<SampleResult> {
  covered.add(name);
  const common = ["--endpoint", "localhost", "--port", String(rig.front.port), "--ca", rig.broker.certs.ca.certPath, "--count", "3", "--topic", `test/samples/${name}`];
  const result = await samples.run(name, [...common, ...args], env);
  assert.equal(result.code, 0, `${name} failed:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /Done: 3\/3 messages received/);
  return result;
}

async function frontSaw(mode: string, from: number): Promise<void> {
  await rig.front.waitForRecord((record) => record.mode === mode && record.accepted, 5_000, from);
}

test("the samples type-check against the library", () => {
  const { status, output } = typeCheckSamples();
  assert.equal(status, 0, output);
});

test("mqtt5-x509 and mqtt5-x509-memory (mutual TLS from files / from memory)", async () => {
  const { client } = rig.broker.certs;
  for (const name of ["mqtt5-x509", "mqtt5-x509-memory"]) {
    const from = rig.front.records.length;
    const result = await runSample(name, ["--cert", client.certPath, "--key", client.keyPath]);
    assert.match(result.stdout, /Connected: CONNACK reason code 0/);
    await frontSaw("mtls", from);
  }
});

test("mqtt5-pkcs12", async () => {
  const from = rig.front.records.length;
  await runSample("mqtt5-pkcs12", ["--pkcs12-file", rig.broker.certs.clientPkcs12.path, "--pkcs12-password", rig.broker.certs.clientPkcs12.passphrase]);
  await frontSaw("mtls", from);
});

test("mqtt5-pkcs11 (SoftHSM2 token)", async () => {
  const token = createSoftHsmToken({ label: "sample-token", keyPemPath: rig.broker.certs.client.keyPath });
  const from = rig.front.records.length;
  await runSample("mqtt5-pkcs11", [
    "--cert", rig.broker.certs.client.certPath, "--pkcs11-lib", SOFTHSM_LIBRARY, "--pin", token.userPin,
    "--token-label", token.label, "--key-label", token.keyLabel,
  ]);
  await frontSaw("mtls", from);
});

test("mqtt5-websocket-sigv4 with the default chain (credentials from the environment)", async () => {
  const from = rig.front.records.length;
  const env = sampleEnv({ AWS_ACCESS_KEY_ID: STATIC_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: STATIC_KEYS.secretAccessKey, AWS_SESSION_TOKEN: STATIC_KEYS.sessionToken });
  await runSample("mqtt5-websocket-sigv4", ["--region", TEST_REGION], env);
  await frontSaw("websocketSigv4", from);
});

test("mqtt5-websocket-cognito against the Cognito stand-in (identity id, then identity pool)", async () => {
  for (const identity of [["--identity", "us-east-1:sample-identity"], ["--identity-pool-id", "us-east-1:sample-pool"]]) {
    const from = rig.front.records.length;
    await runSample("mqtt5-websocket-cognito", ["--region", TEST_REGION, "--cognito-endpoint", cognito.endpoint, ...identity]);
    await frontSaw("websocketSigv4", from);
  }
  assert.ok(cognito.calls.some((call) => call.operation === "GetId"));
});

test("mqtt5-custom-auth-unsigned, direct and over WebSocket", async () => {
  const args = ["--authorizer-name", "SampleUnsigned", "--username", "sample-user", "--password", "sample-password"];
  let from = rig.front.records.length;
  await runSample("mqtt5-custom-auth-unsigned", args);
  await frontSaw("customAuth", from);
  from = rig.front.records.length;
  await runSample("mqtt5-custom-auth-unsigned", [...args, "--websocket"]);
  await frontSaw("websocketCustomAuth", from);
});

test("mqtt5-custom-auth-signed, direct and over WebSocket", async () => {
  const args = ["--authorizer-name", "SampleSigned", "--token-key-name", "sampleToken", "--token-value", "sample-token-value", "--token-signature", keys.signToken("sample-token-value")];
  let from = rig.front.records.length;
  await runSample("mqtt5-custom-auth-signed", args);
  await frontSaw("customAuth", from);
  from = rig.front.records.length;
  await runSample("mqtt5-custom-auth-signed", [...args, "--websocket"]);
  await frontSaw("websocketCustomAuth", from);
});

test("mqtt5-http-proxy (mutual TLS through tinyproxy)", async () => {
  const from = rig.front.records.length;
  const { client } = rig.broker.certs;
  await runSample("mqtt5-http-proxy", ["--cert", client.certPath, "--key", client.keyPath, "--proxy-host", proxy.host, "--proxy-port", String(proxy.port)]);
  await frontSaw("mtls", from);
  assert.match(proxy.logText(), new RegExp(`CONNECT localhost:${rig.front.port}`));
});

test("a sample without its required flags prints usage and exits 2", async () => {
  const result = await samples.run("mqtt5-x509", ["--endpoint", "localhost"], sampleEnv());
  assert.equal(result.code, 2);
  assert.match(result.stderr, /missing: --cert, --key/);
});

test("every sample in samples/ was run above", () => {
  assert.deepEqual(sampleNames().filter((name) => !covered.has(name)), []);
});
