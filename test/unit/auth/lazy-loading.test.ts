// "Users who never sign never load them": importing the package and building non-SigV4 configurations loads no
// AWS SDK / Smithy module; the first SigV4 signing does. Checked in a child process with a module-resolution hook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const buildRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const entry = pathToFileURL(join(buildRoot, "src", "index.js")).href;

// Records every resolved bare specifier from @aws-sdk/, @smithy/ or @aws-crypto/ into globalThis.__loaded (via a port).
const hook = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
globalThis.__loaded = new Set();
port1.on("message", (m) => globalThis.__loaded.add(m));
port1.unref();
register("data:text/javascript," + encodeURIComponent(\`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  if (/^@(aws-sdk|smithy|aws-crypto)\\\\//.test(specifier)) port.postMessage(specifier);
  return next(specifier, context);
}\`), { data: { port: port2 }, transferList: [port2] });
`;

const script = `
const { auth, iot, mqtt5 } = await import(${JSON.stringify(entry)});
const settle = () => new Promise((r) => setTimeout(r, 50));
const config = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth("h.iot.us-east-1.amazonaws.com", { authorizerName: "A" }).build();
new mqtt5.Mqtt5Client(config).close();
iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithSigv4Auth("h.iot.us-east-1.amazonaws.com", { credentialsProvider: auth.AwsCredentialsProvider.newStatic("A", "S") }).build();
await settle();
const before = [...globalThis.__loaded];
await auth.presignWebsocketPath({ host: "h", path: "/mqtt", region: "us-east-1", credentials: { accessKeyId: "A", secretAccessKey: "S" } });
await auth.AwsCredentialsProvider.newEnvironment().resolveCredentials().catch(() => undefined);
await settle();
console.log(JSON.stringify({ before, after: [...globalThis.__loaded] }));
`;

test("no AWS SDK module is loaded until something signs", () => {
  const result = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(hook)}`, "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
  });
  assert.equal(result.status, 0, result.stderr);
  const { before, after } = JSON.parse(result.stdout.trim().split("\n").pop() ?? "{}") as { before: string[]; after: string[] };
  assert.deepEqual(before, []);
  assert.ok(after.includes("@smithy/signature-v4"), JSON.stringify(after));
  assert.ok(after.includes("@aws-crypto/sha256-js"), JSON.stringify(after));
  assert.ok(after.includes("@aws-sdk/credential-providers"), JSON.stringify(after));
});
