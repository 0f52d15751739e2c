// SigV4 presigning of the IoT Core WebSocket upgrade, checked against an independent implementation (aws4) and
// against IoT Core's rule that X-Amz-Security-Token is appended after signing.
import { test } from "node:test";
import assert from "node:assert/strict";
import aws4 from "aws4";
import { presignWebsocketPath } from "../../../src/auth/sigv4-presign.js";
import { sigv4Encode } from "../../../src/auth/sigv4-signer.js";
import { ConnectionError } from "../../../src/core/errors.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "tok/en+=~ x" };
const date = new Date("2024-01-02T03:04:05Z");

/** Recomputes the signature of `path` with aws4 over the query without signature and token. */
function aws4Signature(path: string, host: string, region: string): string {
  const url = new URL(`https://${host}${path}`);
  const query = [...url.searchParams].filter(([key]) => key !== "X-Amz-Signature" && key !== "X-Amz-Security-Token");
  const signer = new aws4.RequestSigner(
    { host, method: "GET", path: `${url.pathname}?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`, service: "iotdevicegateway", region, signQuery: true, headers: { host } },
    { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  );
  signer.prepareRequest();
  return signer.signature();
}

test("the signature matches aws4's; the token follows the signature and is not signed", async () => {
  const path = await presignWebsocketPath({ host: "abc-ats.iot.us-west-2.amazonaws.com", path: "/mqtt", region: "us-west-2", credentials, date });
  assert.equal(
    path.replace(/X-Amz-Signature=[0-9a-f]{64}/, "X-Amz-Signature=<sig>"),
    "/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Fus-west-2%2Fiotdevicegateway%2Faws4_request" +
      "&X-Amz-Date=20240102T030405Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=<sig>&X-Amz-Security-Token=tok%2Fen%2B%3D~%20x",
  );
  const signature = new URL(`https://h${path}`).searchParams.get("X-Amz-Signature");
  assert.equal(signature, aws4Signature(path, "abc-ats.iot.us-west-2.amazonaws.com", "us-west-2"));
});

test("the Host value signed is the one given (a port included); existing query parameters are kept and signed", async () => {
  const path = await presignWebsocketPath({ host: "localhost:8443", path: "/mqtt?x-custom=a b", region: "eu-west-1", credentials, date });
  assert.match(path, /^\/mqtt\?.*x-custom=a%20b/);
  assert.equal(new URL(`https://h${path}`).searchParams.get("X-Amz-Signature"), aws4Signature(path, "localhost:8443", "eu-west-1"));
});

test("signing twice at different times gives different signatures; no token without a session token", async () => {
  const a = await presignWebsocketPath({ host: "h.example", path: "/mqtt", region: "us-east-1", credentials: { accessKeyId: "A", secretAccessKey: "S" }, date });
  const b = await presignWebsocketPath({ host: "h.example", path: "/mqtt", region: "us-east-1", credentials: { accessKeyId: "A", secretAccessKey: "S" }, date: new Date(date.getTime() + 1000) });
  assert.notEqual(a, b);
  assert.equal(a.includes("X-Amz-Security-Token"), false);
});

test("expired credentials are refused before signing with ConnectionError credentialsExpired", async () => {
  await assert.rejects(
    presignWebsocketPath({ host: "h", path: "/mqtt", region: "us-east-1", credentials: { ...credentials, expiration: new Date(date.getTime() - 1) }, date }),
    (error: unknown) => error instanceof ConnectionError && error.code === "credentialsExpired",
  );
});

test("sigv4Encode is RFC 3986 (unreserved characters only stay)", () => {
  assert.equal(sigv4Encode("a-b_c.d~e !'()*/+="), "a-b_c.d~e%20%21%27%28%29%2A%2F%2B%3D");
});
