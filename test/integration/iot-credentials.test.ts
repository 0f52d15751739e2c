// Where SigV4 credentials come from, end to end through the IoT-like front: the default chain (environment
// variables; a profile in a temporary HOME), named profiles, rotation on reconnect, Cognito against a local
// stand-in of the Cognito Identity API, and the IoT X.509 credentials provider against a local mTLS stand-in.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { auth, io, iot, mqtt5 } from "../../src/index.js";
import { startCognitoStandIn } from "../support/cognito-stand-in.js";
import { fastRetry, qos1RoundTrip, startIotRig, STATIC_KEYS, TEST_REGION, uniqueId, type IotRig } from "./iot-helpers.js";

// Never let a default chain fall through to the EC2/ECS metadata services: tests reach loopback only.
process.env.AWS_EC2_METADATA_DISABLED = "true";
const ENV_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "HOME"];

const KEY_A = { accessKeyId: "AKIDROTATIONKEYAAAA1", secretAccessKey: "secret-a" };
const KEY_B = { accessKeyId: "AKIDROTATIONKEYBBBB2", secretAccessKey: "secret-b", sessionToken: "token-b" };
let rig: IotRig;
let tempHome: string;
before(async () => {
  rig = await startIotRig();
  tempHome = mkdtempSync(join(tmpdir(), "iot-home-"));
});
after(async () => {
  await rig.stop();
  rmSync(tempHome, { recursive: true, force: true });
});

/** Runs `body` with the listed environment variables set (undefined = unset), restoring them afterwards. */
async function withEnv(values: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
  for (const [key, value] of Object.entries(values)) if (value !== undefined) process.env[key] = value;
  try {
    await body();
  } finally {
    for (const key of ENV_KEYS) delete process.env[key];
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

function sigv4Config(credentialsProvider?: auth.AwsCredentialsProvider): mqtt5.Mqtt5ClientConfig {
  const options: iot.WebsocketSigv4Config = { region: TEST_REGION };
  if (credentialsProvider !== undefined) options.credentialsProvider = credentialsProvider;
  return iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithSigv4Auth("localhost", options)
    .withCertificateAuthority(readFileSync(rig.broker.certs.ca.certPath, "utf8"))
    .withPort(rig.front.port)
    .build();
}

async function signedWith(from: number): Promise<string | undefined> {
  const record = await rig.front.waitForRecord((r) => r.mode === "websocketSigv4" && r.accepted, 5_000, from);
  return record.sigv4?.accessKeyId;
}

function writeCredentialsFile(home: string, body: string): string {
  mkdirSync(join(home, ".aws"), { recursive: true });
  const path = join(home, ".aws", "credentials");
  writeFileSync(path, body);
  return path;
}

test("default chain: credentials from environment variables", async (t) => {
  await withEnv(
    { AWS_ACCESS_KEY_ID: STATIC_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: STATIC_KEYS.secretAccessKey, AWS_SESSION_TOKEN: STATIC_KEYS.sessionToken, HOME: tempHome },
    async () => {
      const from = rig.front.records.length;
      await qos1RoundTrip(t, sigv4Config()); // no credentialsProvider: the default chain
      assert.equal(await signedWith(from), STATIC_KEYS.accessKeyId);
    },
  );
});

test("default chain: credentials from a profile in a temporary home directory", async (t) => {
  const home = mkdtempSync(join(tempHome, "profile-"));
  writeCredentialsFile(home, `[iot-test]\naws_access_key_id = ${STATIC_KEYS.accessKeyId}\naws_secret_access_key = ${STATIC_KEYS.secretAccessKey}\naws_session_token = ${STATIC_KEYS.sessionToken}\n`);
  await withEnv({ HOME: home, AWS_PROFILE: "iot-test" }, async () => {
    const from = rig.front.records.length;
    await qos1RoundTrip(t, sigv4Config(auth.AwsCredentialsProvider.newDefault()));
    assert.equal(await signedWith(from), STATIC_KEYS.accessKeyId);
  });
});

test("newProfile and newEnvironment (additions)", async (t) => {
  const home = mkdtempSync(join(tempHome, "named-"));
  const path = writeCredentialsFile(home, `[other]\naws_access_key_id = ${STATIC_KEYS.accessKeyId}\naws_secret_access_key = ${STATIC_KEYS.secretAccessKey}\naws_session_token = ${STATIC_KEYS.sessionToken}\n`);
  await withEnv({ HOME: tempHome }, async () => {
    let from = rig.front.records.length;
    await qos1RoundTrip(t, sigv4Config(auth.AwsCredentialsProvider.newProfile({ profile: "other", credentialsFilePath: path, configFilePath: join(home, "none") })));
    assert.equal(await signedWith(from), STATIC_KEYS.accessKeyId);
    process.env.AWS_ACCESS_KEY_ID = STATIC_KEYS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = STATIC_KEYS.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = STATIC_KEYS.sessionToken;
    from = rig.front.records.length;
    await qos1RoundTrip(t, sigv4Config(auth.AwsCredentialsProvider.newEnvironment()));
    assert.equal(await signedWith(from), STATIC_KEYS.accessKeyId);
  });
});

test("rotation: after the front switches keys, the client fails with the old one and reconnects with the new one", async (t) => {
  rig.front.addCredentials(KEY_A);
  t.after(() => rig.front.setCredentials([STATIC_KEYS]));
  const home = mkdtempSync(join(tempHome, "rotation-"));
  const path = writeCredentialsFile(home, `[default]\naws_access_key_id = ${KEY_A.accessKeyId}\naws_secret_access_key = ${KEY_A.secretAccessKey}\n`);
  const provider = auth.AwsCredentialsProvider.newProfile({ credentialsFilePath: path, configFilePath: join(home, "none") });
  const config = fastRetry(sigv4Config(provider));
  config.connectProperties = { keepAliveIntervalSeconds: 1200, clientId: uniqueId("rotation") };
  const client = new mqtt5.Mqtt5Client(config);
  t.after(() => client.close());
  let from = rig.front.records.length;
  const first = once(client, "connectionSuccess");
  client.start();
  await first;
  assert.equal(await signedWith(from), KEY_A.accessKeyId);

  // The front now accepts only KEY_B; the file still holds KEY_A: reconnect attempts are refused…
  rig.front.setCredentials([KEY_B]);
  from = rig.front.records.length;
  const refused = once(client, "connectionFailure");
  rig.front.dropAll();
  const [failure] = (await refused) as [mqtt5.ConnectionFailureEvent];
  assert.match(String(failure.error), /403/);
  // …until the credentials file is rotated too: the next attempt reads it again and signs with KEY_B.
  const reconnected = once(client, "connectionSuccess");
  writeCredentialsFile(home, `[default]\naws_access_key_id = ${KEY_B.accessKeyId}\naws_secret_access_key = ${KEY_B.secretAccessKey}\naws_session_token = ${KEY_B.sessionToken}\n`);
  await reconnected;
  assert.equal(await signedWith(from), KEY_B.accessKeyId);
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
});

test("Cognito: GetCredentialsForIdentity against the local stand-in (custom endpoint), then a QoS 1 round trip", async (t) => {
  const issued = { accessKeyId: "AKIDCOGNITOISSUED001", secretAccessKey: "cognito-secret", sessionToken: "cognito-session-token" };
  rig.front.addCredentials(issued);
  const standIn = await startCognitoStandIn({
    identities: { "us-east-1:1111-2222": issued },
    pools: { "us-east-1:pool-id": "us-east-1:1111-2222" },
    requiredLogins: { "accounts.example.com": "login-token" },
  });
  t.after(() => standIn.close());
  const logins = [{ identityProviderName: "accounts.example.com", identityProviderToken: "login-token" }];
  let from = rig.front.records.length;
  const byIdentity = auth.AwsCredentialsProvider.newCognito({ endpoint: standIn.endpoint, identity: "us-east-1:1111-2222", logins });
  await qos1RoundTrip(t, sigv4Config(byIdentity));
  assert.equal(await signedWith(from), issued.accessKeyId);
  assert.deepEqual(standIn.calls.map((call) => call.operation), ["GetCredentialsForIdentity"]);
  assert.deepEqual(standIn.calls[0]?.body, { IdentityId: "us-east-1:1111-2222", Logins: { "accounts.example.com": "login-token" } });

  from = rig.front.records.length;
  const byPool = auth.AwsCredentialsProvider.newCognito({ endpoint: standIn.endpoint, identityPoolId: "us-east-1:pool-id", logins });
  await qos1RoundTrip(t, sigv4Config(byPool));
  assert.equal(await signedWith(from), issued.accessKeyId);
  assert.deepEqual(standIn.calls.map((call) => call.operation).slice(1), ["GetId", "GetCredentialsForIdentity"]);
});

test("Cognito over HTTPS with a private CA given as tlsContext", async (t) => {
  const issued = { accessKeyId: "AKIDCOGNITOTLS000001", secretAccessKey: "cognito-tls-secret", sessionToken: "cognito-tls-token" };
  rig.front.addCredentials(issued);
  const { certs } = rig.broker;
  const standIn = await startCognitoStandIn({ identities: { "id-tls": issued }, tls: { key: certs.server.key, cert: certs.server.cert } });
  t.after(() => standIn.close());
  const tlsOptions = new io.TlsContextOptions();
  tlsOptions.override_default_trust_store(certs.ca.cert.toString("utf8"));
  const provider = auth.AwsCredentialsProvider.newCognito({ endpoint: standIn.endpoint, identity: "id-tls", tlsContext: new io.ClientTlsContext(tlsOptions) });
  const from = rig.front.records.length;
  await qos1RoundTrip(t, sigv4Config(provider));
  assert.equal(await signedWith(from), issued.accessKeyId);
  // Without the CA the stand-in's certificate is not trusted: a typed failure.
  await assert.rejects(
    auth.AwsCredentialsProvider.newCognito({ endpoint: standIn.endpoint, identity: "id-tls" }).resolveCredentials(),
    (error: unknown) => (error as { code?: string }).code === "credentialsUnavailable",
  );
});

test("Cognito refusing the login: connectionFailure with credentialsUnavailable naming the Cognito error", async (t) => {
  const standIn = await startCognitoStandIn({ identities: { "id-1": STATIC_KEYS as never }, requiredLogins: { idp: "right" } });
  t.after(() => standIn.close());
  const provider = auth.AwsCredentialsProvider.newCognito({ endpoint: standIn.endpoint, identity: "id-1", logins: [{ identityProviderName: "idp", identityProviderToken: "wrong" }] });
  const client = new mqtt5.Mqtt5Client(fastRetry(sigv4Config(provider)));
  t.after(() => client.close());
  const failed = once(client, "connectionFailure");
  client.start();
  const [{ error }] = (await failed) as [mqtt5.ConnectionFailureEvent];
  client.stop();
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  assert.equal(cause?.code, "credentialsUnavailable");
  assert.match(cause?.message ?? "", /Invalid login token/);
});

test("X.509 credentials provider against a local mTLS stand-in of the IoT credentials endpoint", async (t) => {
  const issued = { accessKeyId: "AKIDX509ROLEALIAS001", secretAccessKey: "x509-secret", sessionToken: "x509-token" };
  rig.front.addCredentials(issued);
  const { certs } = rig.broker;
  const requests: { url: string | undefined; thing: string | string[] | undefined; cn: unknown }[] = [];
  const server = createHttpsServer({ key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true }, (request, response) => {
    const peer = (request.socket as import("node:tls").TLSSocket).getPeerCertificate();
    requests.push({ url: request.url, thing: request.headers["x-amzn-iot-thingname"], cn: peer.subject?.CN });
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ credentials: { ...issued, expiration: new Date(Date.now() + 3_600_000).toISOString() } }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const tlsOptions = io.TlsContextOptions.create_client_with_mtls_from_path(certs.client.certPath, certs.client.keyPath);
  tlsOptions.override_default_trust_store_from_path(undefined, certs.ca.certPath);
  const provider = auth.AwsCredentialsProvider.newX509({
    endpoint: `https://localhost:${port}`,
    thingName: "my-thing",
    roleAlias: "my-role-alias",
    tlsContext: new io.ClientTlsContext(tlsOptions),
  });
  const from = rig.front.records.length;
  await qos1RoundTrip(t, sigv4Config(provider));
  assert.equal(await signedWith(from), issued.accessKeyId);
  assert.deepEqual(requests, [{ url: "/role-aliases/my-role-alias/credentials", thing: "my-thing", cn: certs.client.commonName }]);
});
