// Shared by the iot-*.test.ts files: a Mosquitto behind the IoT-like front, and the QoS 1 round trip every builder
// path must complete through it (connect, subscribe, publish QoS 1 to ourselves, receive, stop).
import assert from "node:assert/strict";
import { once } from "node:events";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mqtt5 } from "../../src/index.js";
import { QoS } from "../../src/core/model/enums.js";
import { startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { IotFront, type IotFrontOptions } from "../support/iot-front.js";

export const TEST_REGION = "us-east-1";
export const STATIC_KEYS = {
  accessKeyId: "AKIDSTATICTEST000001",
  secretAccessKey: "static/Secret+Key=for-the-iot-front-tests",
  sessionToken: "FwoGZXIvYXdzE-test-session-token/with+special=chars",
} as const;

export interface IotRig {
  readonly broker: MosquittoBroker;
  readonly front: IotFront;
  stop(): Promise<void>;
}

/** Starts Mosquitto and a front that accepts STATIC_KEYS (plus `options`). */
export async function startIotRig(options: Partial<IotFrontOptions> = {}): Promise<IotRig> {
  const broker = await startMosquitto();
  const front = await IotFront.start({
    broker: { host: broker.host, port: broker.ports.tcp },
    certs: broker.certs,
    region: TEST_REGION,
    credentials: [STATIC_KEYS],
    ...options,
  });
  return {
    broker,
    front,
    stop: async () => {
      await front.close();
      await broker.stop();
    },
  };
}

/** An RSA key pair for a signed custom authorizer, and the signing helper IoT Core's docs describe. */
export function newAuthorizerKeys(): { publicKey: KeyObject; privateKey: KeyObject; signToken(token: string): string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { publicKey, privateKey, signToken: (token) => sign("RSA-SHA256", Buffer.from(token, "utf8"), privateKey).toString("base64") };
}

let counter = 0;
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** Fast reconnects for tests that watch retries. */
export function fastRetry(config: mqtt5.Mqtt5ClientConfig): mqtt5.Mqtt5ClientConfig {
  config.minReconnectDelayMs = 50;
  config.maxReconnectDelayMs = 300;
  return config;
}

type Closer = { after(fn: () => void | Promise<void>): void };

/** Connects `config`, subscribes, publishes QoS 1 to itself, checks the message and the PUBACK, stops. */
export async function qos1RoundTrip(t: Closer, config: mqtt5.Mqtt5ClientConfig): Promise<mqtt5.ConnectionSuccessEvent> {
  config.connectProperties ??= { keepAliveIntervalSeconds: 1200 };
  config.connectProperties.clientId ??= uniqueId("iot");
  const client = new mqtt5.Mqtt5Client(config);
  t.after(() => client.close());
  const failures: string[] = [];
  client.on("connectionFailure", ({ error }) => failures.push(String(error)));
  const success = once(client, "connectionSuccess");
  client.start();
  const timeout = setTimeout(() => client.emit("error", new Error(`no connection within 15 s; failures: ${failures.join(" | ")}`)), 15_000);
  const [connected] = (await Promise.race([success, once(client, "error").then(([error]) => Promise.reject(error as Error))])) as [mqtt5.ConnectionSuccessEvent];
  clearTimeout(timeout);
  const topic = `test/iot/${uniqueId("rt")}`;
  const received = once(client, "messageReceived");
  const suback = await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
  assert.deepEqual(suback.reasonCodes, [1]);
  const puback = await client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: "hello from the iot builder" });
  assert.equal(puback?.reasonCode, 0);
  const [{ message }] = (await received) as [mqtt5.MessageReceivedEvent];
  assert.equal(message.topicName, topic);
  assert.equal(message.qos, QoS.AtLeastOnce);
  assert.equal(new TextDecoder().decode(message.payload as ArrayBuffer), "hello from the iot builder");
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
  return connected;
}

/** Starts `config` and resolves with the first `count` connectionFailure events (the client keeps retrying). */
export async function collectFailures(t: Closer, config: mqtt5.Mqtt5ClientConfig, count: number): Promise<mqtt5.ConnectionFailureEvent[]> {
  const client = new mqtt5.Mqtt5Client(fastRetry(config));
  t.after(() => client.close());
  const failures: mqtt5.ConnectionFailureEvent[] = [];
  let succeeded = false;
  client.on("connectionSuccess", () => (succeeded = true));
  const done = new Promise<void>((resolve) =>
    client.on("connectionFailure", (event) => {
      failures.push(event);
      if (failures.length === count) resolve();
    }),
  );
  client.start();
  await done;
  client.stop();
  assert.equal(succeeded, false, "the client connected although it should have been refused");
  return failures;
}
