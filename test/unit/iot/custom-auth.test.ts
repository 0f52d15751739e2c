// The custom-auth CONNECT username (api-iot.md §2.2 examples, byte for byte) and the signature canonicalisation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildMqtt5FinalUsername, canonicalizeCustomAuthConfig, validateCustomAuthConfig } from "../../../src/iot/custom-auth.js";
import { ValidationError } from "../../../src/core/errors.js";

test("buildMqtt5FinalUsername reproduces aws-crt's outputs", () => {
  const cases: [Parameters<typeof buildMqtt5FinalUsername>[0], string][] = [
    [undefined, "?"],
    [{}, "?"],
    [{ username: "u" }, "u?"],
    [{ authorizerName: "A" }, "?x-amz-customauthorizer-name=A"],
    [{ authorizerName: "MyAuth", username: "alice", password: new Uint8Array([1]) }, "alice?x-amz-customauthorizer-name=MyAuth"],
    [
      { authorizerName: "MyAuth", username: "bob?a=1&b", tokenKeyName: "tok", tokenValue: "v a/l", tokenSignature: "ab%2Bc%2Fd%3D" },
      "bob?a=1&b=&x-amz-customauthorizer-name=MyAuth&tok=v a/l&x-amz-customauthorizer-signature=ab%2Bc%2Fd%3D",
    ],
    [{ username: "u?", authorizerName: "A" }, "u?x-amz-customauthorizer-name=A"],
    [{ authorizerName: "", username: "x" }, "x?"],
  ];
  for (const [input, expected] of cases) assert.equal(buildMqtt5FinalUsername(input), expected, JSON.stringify(input));
});

test("an incomplete token or a username with two '?' is a ValidationError naming the field", () => {
  const expectField = (config: object, field: string): void => {
    assert.throws(() => buildMqtt5FinalUsername(config), (error: unknown) => error instanceof ValidationError && error.field === field);
  };
  expectField({ tokenKeyName: "k", tokenValue: "v" }, "customAuthConfig.tokenSignature");
  expectField({ tokenSignature: "s" }, "customAuthConfig.tokenKeyName");
  expectField({ tokenKeyName: "k", tokenSignature: "s" }, "customAuthConfig.tokenValue");
  expectField({ username: "a?b?c" }, "customAuthConfig.username");
  expectField({ authorizerName: 7 }, "customAuthConfig.authorizerName");
  expectField({ password: 7 }, "customAuthConfig.password");
  assert.throws(() => validateCustomAuthConfig(null), (error: unknown) => error instanceof ValidationError && error.field === "customAuthConfig");
  assert.throws(() => buildMqtt5FinalUsername({ tokenKeyName: "k", tokenValue: "v" }), /Token-based custom authentication requires all token-related properties to be set/);
});

test("canonicalizeCustomAuthConfig URI-encodes the signature unless it already holds '%', and copies only defined fields", () => {
  assert.deepEqual(canonicalizeCustomAuthConfig({ tokenSignature: "ab+c/d=" }), { tokenSignature: "ab%2Bc%2Fd%3D" });
  assert.deepEqual(canonicalizeCustomAuthConfig({ tokenSignature: "ab%2Bc" }), { tokenSignature: "ab%2Bc" });
  const password = new Uint8Array([1, 2]);
  const copy = canonicalizeCustomAuthConfig({ authorizerName: "A", username: "u", password, tokenKeyName: "k", tokenValue: "v" });
  assert.deepEqual(Object.keys(copy), ["authorizerName", "username", "password", "tokenKeyName", "tokenValue"]);
  assert.equal(copy.password, password);
  assert.deepEqual(canonicalizeCustomAuthConfig({}), {});
});
