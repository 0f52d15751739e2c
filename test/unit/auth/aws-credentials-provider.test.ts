// The credentials-provider factories without a network: validation, normalisation, typed errors, caching, and
// the shapes accepted as `credentialsProvider`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { auth } from "../../../src/index.js";
import { cachedUntilNearExpiry, type AwsCredentials } from "../../../src/auth/credentials.js";
import { toCredentialsSource } from "../../../src/auth/credentials-source.js";
import { ConnectionError, ValidationError } from "../../../src/core/errors.js";

const Provider = auth.AwsCredentialsProvider;

test("newStatic accepts text and bytes and validates", async () => {
  const fromBytes = Provider.newStatic(new TextEncoder().encode("AKID"), new TextEncoder().encode("SECRET").buffer, new Uint8Array(0));
  assert.deepEqual(await fromBytes.resolveCredentials(), { accessKeyId: "AKID", secretAccessKey: "SECRET" });
  assert.deepEqual(await Provider.newStatic("A", "S", "T").resolveCredentials(), { accessKeyId: "A", secretAccessKey: "S", sessionToken: "T" });
  assert.equal(Provider.newStatic("A", "S").kind, "static");
  assert.throws(() => Provider.newStatic("", "S"), (error: unknown) => error instanceof ValidationError && error.field === "access_key");
  assert.throws(() => Provider.newStatic("A", 5 as never), (error: unknown) => error instanceof ValidationError && error.field === "secret_key");
});

test("newDelegate normalises what the function returns and turns failures into credentialsUnavailable", async () => {
  const expiration = new Date(Date.now() + 60_000);
  const provider = Provider.newDelegate(async () => ({ accessKeyId: "A", secretAccessKey: "S", sessionToken: "", expiration, extra: 1 }) as AwsCredentials);
  assert.deepEqual(await provider.resolveCredentials(), { accessKeyId: "A", secretAccessKey: "S", expiration });
  await assert.rejects(Provider.newDelegate(() => ({}) as AwsCredentials).resolveCredentials(), (error: unknown) => error instanceof ConnectionError && error.code === "credentialsUnavailable");
  await assert.rejects(
    Provider.newDelegate(() => Promise.reject(new Error("nope"))).resolveCredentials(),
    (error: unknown) => error instanceof ConnectionError && error.code === "credentialsUnavailable" && /nope/.test(error.message),
  );
  assert.throws(() => Provider.newDelegate("x" as never), ValidationError);
});

test("newCognito, newX509 and newProfile validate their configuration at once", () => {
  const field = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return (error as ValidationError).field;
    }
    return undefined;
  };
  assert.equal(field(() => Provider.newCognito(undefined as never)), "config");
  assert.equal(field(() => Provider.newCognito({ endpoint: "", identity: "x" })), "config.endpoint");
  assert.equal(field(() => Provider.newCognito({ endpoint: "cognito-identity.us-east-1.amazonaws.com" })), "config.identity");
  assert.equal(field(() => Provider.newCognito({ endpoint: "e", identity: "i", logins: [{ identityProviderName: "p" } as never] })), "config.logins[0].identityProviderToken");
  assert.equal(field(() => Provider.newCognito({ endpoint: "e", identity: "i", httpProxyOptions: {} })), "config.httpProxyOptions");
  assert.equal(field(() => Provider.newCognito({ endpoint: "cognito-identity.eu-west-1.amazonaws.com", identity: "i" })), undefined);
  assert.equal(field(() => Provider.newX509({ endpoint: "e", thingName: "t", roleAlias: "r" } as never)), "config.tlsContext");
  assert.equal(field(() => Provider.newX509({ endpoint: "e", thingName: "", roleAlias: "r", tlsContext: {} })), "config.thingName");
  assert.equal(field(() => Provider.newProfile({ profile: 3 as never })), "options.profile");
});

test("cachedUntilNearExpiry reuses temporary credentials until five minutes before they expire", async () => {
  let now = 0;
  let calls = 0;
  const source = cachedUntilNearExpiry(async () => ({ accessKeyId: `A${++calls}`, secretAccessKey: "S", expiration: new Date(10 * 60_000) }), () => now);
  assert.equal((await source()).accessKeyId, "A1");
  now = 4 * 60_000;
  assert.equal((await source()).accessKeyId, "A1");
  now = 5 * 60_000 + 1;
  assert.equal((await source()).accessKeyId, "A2");
  let plainCalls = 0;
  const plain = cachedUntilNearExpiry(async () => ({ accessKeyId: `P${++plainCalls}`, secretAccessKey: "S" }));
  await plain();
  assert.equal((await plain()).accessKeyId, "P2", "credentials without an expiration are fetched every time");
});

test("credentialsProvider may be a provider, an SDK-style function, or a browser-style object", async () => {
  assert.equal((await toCredentialsSource(Provider.newStatic("A", "S"), "f")()).accessKeyId, "A");
  assert.equal((await toCredentialsSource(async () => ({ accessKeyId: "F", secretAccessKey: "S" }), "f")()).accessKeyId, "F");
  let refreshed = 0;
  const browserStyle = {
    refreshCredentials: async () => void refreshed++,
    getCredentials: () => ({ aws_access_id: "B", aws_secret_key: "S", aws_sts_token: "T", aws_region: "us-east-1" }),
  };
  assert.deepEqual(await toCredentialsSource(browserStyle, "f")(), { accessKeyId: "B", secretAccessKey: "S", sessionToken: "T" });
  assert.equal(refreshed, 1);
  await assert.rejects(toCredentialsSource({ getCredentials: () => undefined }, "f")(), (error: unknown) => error instanceof ConnectionError && error.code === "credentialsUnavailable");
  assert.throws(() => toCredentialsSource({}, "credentialsProvider"), (error: unknown) => error instanceof ValidationError && error.field === "credentialsProvider");
});

test("the SDK user guide's browser-style names compile and work: CredentialsProvider, StaticCredentialProvider", async () => {
  const cognito: auth.CredentialsProvider = Provider.newCognito({ endpoint: "cognito-identity.us-east-1.amazonaws.com", identity: "us-east-1:x" });
  assert.ok(cognito instanceof auth.CredentialsProvider);
  const provider = Provider.newStatic("A", "S", "T");
  assert.equal(provider.getCredentials(), undefined, "nothing resolved yet");
  await provider.refreshCredentials();
  assert.deepEqual(provider.getCredentials(), { aws_access_id: "A", aws_secret_key: "S", aws_sts_token: "T" });
  const fixed = new auth.StaticCredentialProvider({ aws_access_id: "B", aws_secret_key: "S2", aws_region: "eu-west-1" });
  assert.deepEqual(await toCredentialsSource(fixed, "f")(), { accessKeyId: "B", secretAccessKey: "S2" });
  class Custom extends auth.CredentialsProvider {
    override getCredentials(): auth.AWSCredentials {
      return { aws_access_id: "C", aws_secret_key: "S3" };
    }
  }
  assert.equal((await toCredentialsSource(new Custom(), "f")()).accessKeyId, "C");
});
