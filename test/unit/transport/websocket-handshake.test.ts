// The handshake transform contract (api-iot.md §4.2) without a network: the request it receives, done() /
// done(0) / done(n), throws, the promise-returning variant (our addition), abort; and what of its edits is sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionError, CrtError } from "../../../src/core/errors.js";
import { HttpRequest } from "../../../src/http/request.js";
import {
  buildUpgradeRequest,
  runHandshakeTransform,
  upgradeTarget,
  type WebsocketHandshakeTransform,
} from "../../../src/transport/websocket-handshake.js";

const aborted = (): Error => new ConnectionError("aborted", "cancelled");

function run(transform: WebsocketHandshakeTransform, signal = new AbortController().signal): Promise<HttpRequest> {
  const request = buildUpgradeRequest("broker.example");
  return runHandshakeTransform(transform, request, signal, aborted).then(() => request);
}

async function failure(promise: Promise<unknown>): Promise<ConnectionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConnectionError, String(error));
    return error;
  }
  assert.fail("expected the transform to fail the attempt");
}

test("the transform sees aws-crt's request: GET /mqtt, Host without port, upgrade headers, subprotocol mqtt", { timeout: 10_000 }, async () => {
  let seen: [string, string, [string, string][]] | undefined;
  await run((request, done) => {
    seen = [request.method, request.path, [...request.headers]];
    done();
  });
  assert.deepEqual(seen, [
    "GET",
    "/mqtt",
    [
      ["Host", "broker.example"],
      ["Upgrade", "websocket"],
      ["Connection", "Upgrade"],
      ["Sec-WebSocket-Version", "13"],
      ["Sec-WebSocket-Protocol", "mqtt"],
    ],
  ]);
  assert.equal(buildUpgradeRequest("::1").headers.get("host"), "[::1]");
});

test("done() and done(0) proceed, also when called later (async signer)", { timeout: 10_000 }, async () => {
  await run((_request, done) => done(0));
  const request = await run((request, done) => {
    setTimeout(() => {
      request.path = "/mqtt?X-Amz-Signature=abc";
      done();
    }, 10);
  });
  assert.equal(request.path, "/mqtt?X-Amz-Signature=abc");
});

test("done(n) fails the attempt with error_code n (aws-crt); a second done() is ignored", { timeout: 10_000 }, async () => {
  const error = await failure(
    run((_request, done) => {
      done(5);
      done();
    }),
  );
  assert.equal(error.code, "websocketHandshakeTransformFailed");
  assert.equal(error.error_code, 5);
  assert.match(error.message, /error code 5/);
});

test("a throwing transform fails with error_code 3 (AWS_ERROR_UNKNOWN), or the CrtError's own code; secrets are scrubbed", { timeout: 10_000 }, async () => {
  const plain = await failure(
    run(() => {
      throw new Error("signing failed for password=hunter2");
    }),
  );
  assert.equal(plain.error_code, 3);
  assert.match(plain.message, /signing failed/);
  assert.doesNotMatch(plain.message, /hunter2/);
  const crt = await failure(
    run(() => {
      throw new CrtError("native failure", "AWS_ERROR_OVERFLOW_DETECTED", 5);
    }),
  );
  assert.equal(crt.error_code, 5);
});

test("promise variant: a transform declaring only `request` proceeds when its promise resolves, fails when it rejects", { timeout: 10_000 }, async () => {
  const request = await run(async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    request.headers.set("x-token", "refreshed");
  });
  assert.equal(request.headers.get("x-token"), "refreshed");
  const error = await failure(run(async () => Promise.reject(new Error("no credentials"))));
  assert.equal(error.code, "websocketHandshakeTransformFailed");
  assert.match(error.message, /no credentials/);
  // A synchronous one-parameter transform is done when it returns.
  assert.equal((await run((request) => void request.headers.add("a", "b"))).headers.get("a"), "b");
});

test("an async transform that declares done must call it: resolving alone does not proceed", { timeout: 10_000 }, async () => {
  const controller = new AbortController();
  let resolved = false;
  const attempt = run(async (_request, done) => {
    setTimeout(() => done(), 30);
  }, controller.signal).then(() => {
    resolved = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(resolved, false, "still waiting for done()");
  await attempt;
  assert.equal(resolved, true);
});

test("a transform that never finishes is ended by the abort (the connect deadline)", { timeout: 10_000 }, async () => {
  const controller = new AbortController();
  const attempt = run((_request, _done) => undefined, controller.signal);
  controller.abort();
  const error = await failure(attempt);
  assert.equal(error.code, "aborted");
});

test("what is sent: the edited path, and every header except those the WebSocket layer writes itself", () => {
  const request = buildUpgradeRequest("broker.example");
  request.path = "/mqtt?x-amz-credential=a%2Fb";
  request.headers.add("X-Custom", "1");
  request.headers.add("x-custom", "2");
  request.headers.set("Sec-WebSocket-Protocol", "other");
  request.headers.set("Upgrade", "h2c");
  const target = upgradeTarget(request);
  assert.equal(target.path, "/mqtt?x-amz-credential=a%2Fb");
  assert.deepEqual(target.headers, { Host: "broker.example", "X-Custom": ["1", "2"] });
});

test("a path that is not origin-form is refused as an invalid request", () => {
  for (const path of ["mqtt", "/mq tt", "/mqtt#frag", "http://x/mqtt"]) {
    const request = new HttpRequest("GET", path);
    assert.throws(() => upgradeTarget(request), (error: unknown) => error instanceof ConnectionError && error.code === "websocketInvalidRequest", path);
  }
});
