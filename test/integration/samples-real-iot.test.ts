// Opt-in: the samples against a real AWS IoT Core endpoint. Runs only when AWS_IOT_ENDPOINT is set together with
// credentials (SigV4: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE; mutual TLS: AWS_IOT_CERT and
// AWS_IOT_KEY, PEM files of a registered thing). Otherwise each test is reported as SKIPPED with the reason —
// never as passed. Optional: AWS_IOT_REGION (default: from the endpoint), AWS_IOT_TOPIC (default sdk/test/js;
// the IoT policy must allow connect, publish, subscribe and receive on it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { transpileSamples } from "./sample-runner.js";

const endpoint = process.env.AWS_IOT_ENDPOINT;
const hasSigv4Credentials = process.env.AWS_ACCESS_KEY_ID !== undefined || process.env.AWS_PROFILE !== undefined;
const certificate = process.env.AWS_IOT_CERT;
const key = process.env.AWS_IOT_KEY;
const topic = process.env.AWS_IOT_TOPIC ?? "sdk/test/js";

const NO_ENDPOINT = "opt-in real AWS IoT Core test: AWS_IOT_ENDPOINT is not set";
const sigv4Skip = endpoint === undefined ? NO_ENDPOINT : hasSigv4Credentials ? false : "opt-in real AWS IoT Core test: no AWS credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE)";
const mtlsSkip = endpoint === undefined ? NO_ENDPOINT : certificate !== undefined && key !== undefined ? false : "opt-in real AWS IoT Core test: AWS_IOT_CERT / AWS_IOT_KEY are not set";

async function runAgainstIot(name: string, args: string[]): Promise<void> {
  const samples = transpileSamples();
  try {
    const result = await samples.run(name, ["--endpoint", endpoint as string, "--topic", topic, "--count", "3", ...args], process.env, 90_000);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /Done: 3\/3 messages received/);
  } finally {
    samples.remove();
  }
}

test("real IoT Core: mqtt5-websocket-sigv4 with the default credentials chain", { skip: sigv4Skip }, async () => {
  await runAgainstIot("mqtt5-websocket-sigv4", process.env.AWS_IOT_REGION === undefined ? [] : ["--region", process.env.AWS_IOT_REGION]);
});

test("real IoT Core: mqtt5-x509 (mutual TLS)", { skip: mtlsSkip }, async () => {
  await runAgainstIot("mqtt5-x509", ["--cert", certificate as string, "--key", key as string]);
});
