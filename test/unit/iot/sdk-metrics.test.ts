// SDK metrics appended to the CONNECT username (api-iot.md §2.3–2.4): format, ordering, feature codes, merging.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { appendSdkMetrics, currentPlatform, LIBRARY_VERSION, sdkMetricsFeatures } from "../../../src/iot/sdk-metrics.js";
import type { Mqtt5ClientConfig } from "../../../src/api/config.js";
import { ValidationError } from "../../../src/core/errors.js";

const unix = { os: "Unix", isWindows: false };
const base: Mqtt5ClientConfig = { hostName: "h", port: 1, metrics: {} };
const meta = (features: string, extra = ""): string => `Metadata=(Mqtt5ClientVersion=${LIBRARY_VERSION}${extra};IoTSDKFeature=${features};IoTSDKMetricsVersion=1)`;

test("LIBRARY_VERSION is the package version", () => {
  const packageJson = JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as { version: string };
  assert.equal(LIBRARY_VERSION, packageJson.version);
});

test("'?' (no custom auth) and a custom-auth username get SDK, Platform and Metadata appended in order", () => {
  assert.equal(appendSdkMetrics("?", base, unix), `?SDK=mqtt5-client/JS&Platform=Unix&${meta("F/5,G/A")}`);
  assert.equal(
    appendSdkMetrics("alice?x-amz-customauthorizer-name=MyAuth", base, unix),
    `alice?x-amz-customauthorizer-name=MyAuth&SDK=mqtt5-client/JS&Platform=Unix&${meta("F/5,G/A")}`,
  );
  assert.equal(appendSdkMetrics(undefined, base, unix), `?SDK=mqtt5-client/JS&Platform=Unix&${meta("F/5,G/A")}`);
  assert.equal(appendSdkMetrics("plain", base, { os: "Windows", isWindows: true }), `plain?SDK=mqtt5-client/JS&Platform=Windows&${meta("F/5,G/B")}`);
});

test("empty values are written as the bare key; existing SDK/Platform win; user library name and metadata", () => {
  assert.equal(appendSdkMetrics("bob?a=1&b=&SDK=Mine", base, unix), `bob?a=1&b&SDK=Mine&Platform=Unix&${meta("F/5,G/A")}`);
  const config: Mqtt5ClientConfig = { ...base, metrics: { libraryName: "MyLib", metadata: [["AppVersion", "7"], ["CRTVersion", "x"], ["IoTSDKFeature", "A/C"]] } };
  assert.equal(appendSdkMetrics("?", config, unix), `?SDK=MyLib&Platform=Unix&${meta("F/5,G/A", ";AppVersion=7")}`);
  const merged: Mqtt5ClientConfig = { ...base, metrics: { metadata: [["IoTSDKFeature", "A/C,F/9"], ["IoTSDKMetricsVersion", "1"]] } };
  assert.equal(appendSdkMetrics("?", merged, unix), `?SDK=mqtt5-client/JS&Platform=Unix&${meta("A/C,F/9,G/A")}`);
});

test("an existing parenthesised Metadata is merged (existing keys win); a non-parenthesised one is left alone", () => {
  assert.equal(
    appendSdkMetrics("?Metadata=(IoTSDKMetricsVersion=9;x=1)", base, unix),
    `?Metadata=(IoTSDKMetricsVersion=9;x=1;Mqtt5ClientVersion=${LIBRARY_VERSION};IoTSDKFeature=F/5,G/A)&SDK=mqtt5-client/JS&Platform=Unix`,
  );
  assert.equal(appendSdkMetrics("?Metadata=raw", base, unix), "?Metadata=raw&SDK=mqtt5-client/JS&Platform=Unix");
});

test("feature codes follow the configuration (A…K) and only non-default values are reported", () => {
  const config: Mqtt5ClientConfig = {
    hostName: "h",
    port: 1,
    retryJitterMode: 3,
    sessionBehavior: 2,
    offlineQueueBehavior: 1,
    topicAliasingOptions: { outboundBehavior: 2, inboundBehavior: 1 },
    httpProxyOptions: { host_name: "p", port: 1, tls_opts: { tls_ctx: {} } },
    tlsCtx: { certificate_source: 1, tls_cipher_preference: 8, min_tls_version: 4 } as never,
  };
  assert.deepEqual(sdkMetricsFeatures(config, unix).map(([id, value]) => `${id}/${value}`), ["A/C", "B/B", "C/A", "D/B", "E/A", "F/5", "G/A", "H/B", "I/B", "J/H", "K/E"]);
  const defaults: Mqtt5ClientConfig = { hostName: "h", port: 1, retryJitterMode: 0, tlsCtx: { min_tls_version: 128, certificate_source: 4 } as never, httpProxyOptions: { host_name: "p", port: 1 } };
  assert.deepEqual(sdkMetricsFeatures(defaults, unix).map(([id, value]) => `${id}/${value}`), ["F/5", "G/A", "H/A", "I/E"]);
});

test("a result over 65,535 bytes is a ValidationError", () => {
  assert.throws(() => appendSdkMetrics("x".repeat(65_500), base, unix), (error: unknown) => error instanceof ValidationError && error.field === "connectProperties.username");
});

test("currentPlatform names this OS as aws-crt does", () => {
  const expected = process.platform === "win32" ? "Windows" : process.platform === "darwin" ? "macOS" : "Unix";
  assert.equal(currentPlatform().os, expected);
});
