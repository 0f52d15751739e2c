// Client configuration: each field's rule (a ValidationError naming the field), the defaults, the mapping of the
// `Default` enum members, and the frozen CoreConfig.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveClientConfig } from "../../../src/api/config-validation.js";
import type { Mqtt5ClientConfig } from "../../../src/api/config.js";
import { Mqtt5Client } from "../../../src/api/mqtt5-client.js";
import { CrtError, ValidationError } from "../../../src/core/errors.js";
import {
  ClientExtendedValidationAndFlowControl,
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  QoS,
  RetryJitterType,
} from "../../../src/core/model/enums.js";
import { silentLogger } from "../../../src/runtime/logger.js";

const base: Mqtt5ClientConfig = { hostName: "broker.example", port: 1883, logger: silentLogger };

function rejects(patch: Record<string, unknown>, field: string): void {
  const config = { ...base, ...patch } as unknown as Mqtt5ClientConfig;
  assert.throws(
    () => resolveClientConfig(config),
    (error) => error instanceof ValidationError && error.field === field,
    `expected a ValidationError on ${field} for ${JSON.stringify(patch)}`,
  );
}

test("the constructor validates synchronously and throws a ValidationError (a CrtError) naming the field", () => {
  assert.throws(
    () => new Mqtt5Client({ ...base, port: 0 }),
    (error) => error instanceof ValidationError && error instanceof CrtError && error.field === "port" && !/\b0\b/.test(error.message),
  );
  assert.throws(() => new Mqtt5Client(undefined as never), (error) => error instanceof ValidationError && error.field === "config");
});

test("hostName and port", () => {
  rejects({ hostName: "" }, "hostName");
  rejects({ hostName: undefined }, "hostName");
  rejects({ hostName: 42 }, "hostName");
  for (const port of [0, 65_536, 1.5, -1, "1883", undefined, Number.NaN]) rejects({ port }, "port");
  assert.equal(resolveClientConfig({ ...base, port: 65_535 }).port, 65_535);
  assert.equal(resolveClientConfig({ ...base, port: 1 }).port, 1);
});

test("enum fields accept only their members", () => {
  rejects({ sessionBehavior: 4 }, "sessionBehavior");
  rejects({ retryJitterMode: -1 }, "retryJitterMode");
  rejects({ offlineQueueBehavior: 9 }, "offlineQueueBehavior");
  rejects({ extendedValidationAndFlowControlOptions: 2 }, "extendedValidationAndFlowControlOptions");
  rejects({ topicAliasingOptions: { outboundBehavior: 4 } }, "topicAliasingOptions.outboundBehavior");
  rejects({ topicAliasingOptions: { inboundBehavior: 3 } }, "topicAliasingOptions.inboundBehavior");
  rejects({ sessionBehavior: "Clean" }, "sessionBehavior");
});

test("delays and timeouts are non-negative integers; min must not exceed max", () => {
  for (const field of ["minReconnectDelayMs", "maxReconnectDelayMs", "minConnectedTimeToResetReconnectDelayMs", "connackTimeoutMs", "pingTimeoutMs", "ackTimeoutSeconds"]) {
    rejects({ [field]: -1 }, field);
    rejects({ [field]: 1.5 }, field);
    rejects({ [field]: "10" }, field);
  }
  rejects({ minReconnectDelayMs: 5000, maxReconnectDelayMs: 4000 }, "minReconnectDelayMs");
  rejects({ minReconnectDelayMs: 200_000 }, "minReconnectDelayMs"); // above the default maximum of 120 s
});

test("defaults follow aws-crt's Node client, and 0 selects the default", () => {
  for (const config of [base, { ...base, minReconnectDelayMs: 0, maxReconnectDelayMs: 0, connackTimeoutMs: 0, pingTimeoutMs: 0, ackTimeoutSeconds: 0, minConnectedTimeToResetReconnectDelayMs: 0 }]) {
    const core = resolveClientConfig(config).core;
    assert.equal(core.minReconnectDelayMs, 1000);
    assert.equal(core.maxReconnectDelayMs, 120_000);
    assert.equal(core.minConnectedTimeToResetReconnectDelayMs, 30_000);
    assert.equal(core.connackTimeoutMs, 20_000);
    assert.equal(core.pingTimeoutMs, 30_000);
    assert.equal(core.ackTimeoutMs, 60_000);
    assert.equal(core.sessionBehavior, ClientSessionBehavior.Clean);
    assert.equal(core.retryJitterMode, RetryJitterType.Full);
    assert.equal(core.offlineQueueBehavior, ClientOperationQueueBehavior.FailQos0PublishOnDisconnect);
    assert.equal(core.outboundTopicAliasBehavior, OutboundTopicAliasBehaviorType.Disabled);
    assert.equal(core.inboundTopicAliasBehavior, InboundTopicAliasBehaviorType.Disabled);
    assert.equal(core.awsIotCoreLimits, false);
    assert.deepEqual(core.connect, { clientId: "", keepAliveIntervalSeconds: 1200 });
  }
  const resolved = resolveClientConfig(base);
  assert.deepEqual(resolved.socket, { connectTimeoutMs: 10_000, noDelay: true, keepAlive: false });
  assert.equal(resolved.tls, undefined);
});

test("explicit values are kept; ackTimeoutSeconds becomes milliseconds", () => {
  const core = resolveClientConfig({
    ...base,
    sessionBehavior: ClientSessionBehavior.RejoinAlways,
    retryJitterMode: RetryJitterType.Decorrelated,
    offlineQueueBehavior: ClientOperationQueueBehavior.FailAllOnDisconnect,
    minReconnectDelayMs: 10,
    maxReconnectDelayMs: 20,
    ackTimeoutSeconds: 5,
    extendedValidationAndFlowControlOptions: ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults,
  }).core;
  assert.equal(core.sessionBehavior, ClientSessionBehavior.RejoinAlways);
  assert.equal(core.retryJitterMode, RetryJitterType.Decorrelated);
  assert.equal(core.offlineQueueBehavior, ClientOperationQueueBehavior.FailAllOnDisconnect);
  assert.equal(core.minReconnectDelayMs, 10);
  assert.equal(core.maxReconnectDelayMs, 20);
  assert.equal(core.ackTimeoutMs, 5000);
  assert.equal(core.awsIotCoreLimits, true);
});

test("topic aliasing: inbound Enabled announces the cache size as Topic Alias Maximum", () => {
  const enabled = resolveClientConfig({ ...base, topicAliasingOptions: { inboundBehavior: InboundTopicAliasBehaviorType.Enabled } }).core;
  assert.equal(enabled.connect.topicAliasMaximum, 25);
  const sized = resolveClientConfig({
    ...base,
    topicAliasingOptions: { inboundBehavior: InboundTopicAliasBehaviorType.Enabled, inboundCacheMaxSize: 7, outboundBehavior: OutboundTopicAliasBehaviorType.LRU, outboundCacheMaxSize: 3 },
  }).core;
  assert.equal(sized.connect.topicAliasMaximum, 7);
  assert.equal(sized.outboundTopicAliasBehavior, OutboundTopicAliasBehaviorType.LRU);
  assert.equal(sized.outboundTopicAliasCacheMaxSize, 3);
  assert.equal(resolveClientConfig({ ...base, topicAliasingOptions: {} }).core.connect.topicAliasMaximum, undefined);
  rejects({ topicAliasingOptions: { inboundCacheMaxSize: 65_536 } }, "topicAliasingOptions.inboundCacheMaxSize");
  rejects({ topicAliasingOptions: "lru" }, "topicAliasingOptions");
});

test("connectProperties: keepAliveIntervalSeconds is required, and the CONNECT rules apply", () => {
  rejects({ connectProperties: {} }, "connectProperties.keepAliveIntervalSeconds");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 65_536 } }, "connectProperties.keepAliveIntervalSeconds");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, clientId: "a\u0000b" } }, "connectProperties.clientId");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, receiveMaximum: 0 } }, "connectProperties.receiveMaximum");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, maximumPacketSizeBytes: 0 } }, "connectProperties.maximumPacketSizeBytes");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, sessionExpiryIntervalSeconds: -1 } }, "connectProperties.sessionExpiryIntervalSeconds");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, password: 5 } }, "connectProperties.password");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, userProperties: [{ name: "a" }] } }, "connectProperties.userProperties[0].value");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, will: { topicName: "w/#", qos: QoS.AtMostOnce } } }, "connectProperties.will.topicName");
  rejects({ connectProperties: { keepAliveIntervalSeconds: 30, will: { topicName: "w", qos: 3 } } }, "connectProperties.will.qos");
  rejects({ connectProperties: "yes" }, "connectProperties");
});

test("connectProperties map onto the CONNECT template; password and will payload become bytes", () => {
  const connect = resolveClientConfig({
    ...base,
    connectProperties: {
      keepAliveIntervalSeconds: 30,
      clientId: "id-1",
      username: "user",
      password: "secret",
      sessionExpiryIntervalSeconds: 3600,
      willDelayIntervalSeconds: 10,
      will: { topicName: "last/will", qos: QoS.AtLeastOnce, payload: { bye: true }, retain: true },
    },
  }).core.connect;
  assert.equal(connect.clientId, "id-1");
  assert.equal(connect.keepAliveIntervalSeconds, 30);
  assert.deepEqual(connect.password, new TextEncoder().encode("secret"));
  assert.equal(connect.will?.willDelayIntervalSeconds, 10);
  assert.equal(connect.will?.retain, true);
  assert.equal(new TextDecoder().decode(connect.will?.payload), '{"bye":true}');
});

test("AwsIotCoreDefaults checks the client id length at construction", () => {
  rejects(
    {
      extendedValidationAndFlowControlOptions: ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults,
      connectProperties: { keepAliveIntervalSeconds: 30, clientId: "x".repeat(129) },
    },
    "connectProperties.clientId",
  );
});

test("socketOptions: camelCase or aws-crt snake_case, with rules", () => {
  assert.deepEqual(resolveClientConfig({ ...base, socketOptions: { connectTimeoutMs: 500, keepAlive: true, keepAliveIntervalSeconds: 15, noDelay: false } }).socket, {
    connectTimeoutMs: 500,
    keepAlive: true,
    keepAliveIntervalSeconds: 15,
    noDelay: false,
  });
  assert.deepEqual(resolveClientConfig({ ...base, socketOptions: { connect_timeout_ms: 700, keepalive: true, keep_alive_interval_sec: 5 } }).socket, {
    connectTimeoutMs: 700,
    keepAlive: true,
    keepAliveIntervalSeconds: 5,
    noDelay: true,
  });
  rejects({ socketOptions: { connectTimeoutMs: 0 } }, "socketOptions.connectTimeoutMs");
  rejects({ socketOptions: { connect_timeout_ms: -5 } }, "socketOptions.connect_timeout_ms");
  rejects({ socketOptions: { keepAlive: "yes" } }, "socketOptions.keepAlive");
  rejects({ socketOptions: { noDelay: 1 } }, "socketOptions.noDelay");
  rejects({ socketOptions: 5 }, "socketOptions");
});

test("tlsCtx: TlsOptions fields or an object with toTlsOptions()", () => {
  const direct = resolveClientConfig({ ...base, tlsCtx: { ca: "PEM", alpnProtocols: ["x-amzn-mqtt-ca"], rejectUnauthorized: false } }).tls;
  assert.deepEqual(direct, { ca: "PEM", alpnProtocols: ["x-amzn-mqtt-ca"], rejectUnauthorized: false });
  const viaMethod = resolveClientConfig({ ...base, tlsCtx: { toTlsOptions: () => ({ servername: "iot.example" }) } }).tls;
  assert.deepEqual(viaMethod, { servername: "iot.example" });
  rejects({ tlsCtx: { ca: 5 } }, "tlsCtx.ca");
  rejects({ tlsCtx: { cert: [new Uint8Array(1), 3] } }, "tlsCtx.cert");
  rejects({ tlsCtx: { alpnProtocols: "mqtt" } }, "tlsCtx.alpnProtocols");
  rejects({ tlsCtx: { rejectUnauthorized: "no" } }, "tlsCtx.rejectUnauthorized");
  rejects({ tlsCtx: { passphrase: 1234 } }, "tlsCtx.passphrase");
  rejects({ tlsCtx: "tls" }, "tlsCtx");
});

test("bad transport settings and hooks are refused clearly (more in test/unit/http/proxy-config.test.ts)", () => {
  rejects({ websocketHandshakeTransform: "ws" }, "websocketHandshakeTransform");
  rejects({ httpProxyOptions: { host_name: "", port: 3128 } }, "httpProxyOptions.host_name");
  rejects({ transportFactory: "tcp" }, "transportFactory");
  rejects({ logger: {} }, "logger.log");
  rejects({ logger: { level: "loud", log: () => undefined } }, "logger.level");
});

test("without a logger every client shares the default console logger; a given logger is used as it is", () => {
  const { logger: _silent, ...noLogger } = base;
  const first = resolveClientConfig(noLogger).logger;
  assert.equal(resolveClientConfig(noLogger).logger, first);
  assert.equal(first.level, "warn");
  const own = { level: "info" as const, log: () => undefined };
  assert.equal(resolveClientConfig({ ...base, logger: own }).logger, own);
});

test("the resolved configuration is frozen, and later changes to the caller's objects do not reach it", () => {
  const connectProperties = { keepAliveIntervalSeconds: 30, clientId: "before", userProperties: [{ name: "a", value: "b" }] };
  const resolved = resolveClientConfig({ ...base, connectProperties });
  connectProperties.clientId = "after";
  connectProperties.userProperties[0]!.value = "changed";
  assert.equal(resolved.core.connect.clientId, "before");
  assert.equal(resolved.core.connect.userProperties?.[0]?.value, "b");
  assert.ok(Object.isFrozen(resolved) && Object.isFrozen(resolved.core) && Object.isFrozen(resolved.core.connect));
  assert.ok(Object.isFrozen(resolved.core.connect.userProperties));
});
