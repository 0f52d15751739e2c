// Shared steps of the TLS / PKCS#12 / PKCS#11 integration tests: a client with short, jitter-free backoff, a QoS 1
// round trip through the broker, a reconnect after a broker restart, and "fails with a named cause and keeps
// retrying with growing delays until stopped".
import assert from "node:assert/strict";
import { once } from "node:events";
import { ConnectionError, mqtt5 } from "../../src/index.js";
import type { MosquittoBroker } from "../support/mosquitto.js";

export const MIN_RECONNECT_DELAY_MS = 100;
export const MAX_RECONNECT_DELAY_MS = 800;

let clientCounter = 0;
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++clientCounter}`;

/** A client that retries quickly and deterministically (no jitter: delays 100, 200, 400, 800, 800 … ms). */
export function makeClient(
  t: { after(fn: () => void): void },
  config: Partial<mqtt5.Mqtt5ClientConfig> & Pick<mqtt5.Mqtt5ClientConfig, "hostName" | "port">,
): mqtt5.Mqtt5Client {
  const client = new mqtt5.Mqtt5Client({
    connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("tls") },
    minReconnectDelayMs: MIN_RECONNECT_DELAY_MS,
    maxReconnectDelayMs: MAX_RECONNECT_DELAY_MS,
    retryJitterMode: mqtt5.RetryJitterType.None,
    logger: mqtt5.silentLogger,
    ...config,
  });
  t.after(() => client.close());
  return client;
}

/** Resolves with the next connectionSuccess; rejects on the next connectionFailure (with its error). */
export function nextConnection(client: mqtt5.Mqtt5Client): Promise<mqtt5.ConnectionSuccessEvent> {
  return new Promise((resolve, reject) => {
    const onSuccess = (event: mqtt5.ConnectionSuccessEvent): void => {
      client.off("connectionFailure", onFailure);
      resolve(event);
    };
    const onFailure = (event: mqtt5.ConnectionFailureEvent): void => {
      client.off("connectionSuccess", onSuccess);
      const error = event.error as Error;
      reject(new Error(`connection failed: ${error.message} (${(error as ConnectionError).code})`, { cause: error }));
    };
    client.once("connectionSuccess", onSuccess);
    client.once("connectionFailure", onFailure);
  });
}

/** start() and wait for the first connectionSuccess. */
export async function startAndConnect(client: mqtt5.Mqtt5Client): Promise<mqtt5.ConnectionSuccessEvent> {
  const connected = nextConnection(client);
  client.start();
  return connected;
}

/** Subscribe at QoS 1, publish a QoS 1 message to ourselves, check the PUBACK and the delivery, unsubscribe. */
export async function qos1RoundTrip(client: mqtt5.Mqtt5Client, label: string): Promise<void> {
  const topic = `it/${uniqueId(label)}`;
  const payload = `${label} ${Date.now()}`;
  const received = new Promise<mqtt5.PublishPacket>((resolve) => {
    const listener = ({ message }: mqtt5.MessageReceivedEvent): void => {
      if (message.topicName !== topic) return;
      client.off("messageReceived", listener);
      resolve(message);
    };
    client.on("messageReceived", listener);
  });
  const suback = await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: mqtt5.QoS.AtLeastOnce }] });
  assert.deepEqual(suback.reasonCodes, [mqtt5.SubackReasonCode.GrantedQoS1]);
  const puback = await client.publish({ topicName: topic, qos: mqtt5.QoS.AtLeastOnce, payload });
  assert.equal(puback?.type, mqtt5.PacketType.Puback);
  assert.equal(puback?.reasonCode, mqtt5.PubackReasonCode.Success);
  const message = await received;
  assert.equal(message.qos, mqtt5.QoS.AtLeastOnce);
  assert.equal(new TextDecoder().decode(message.payload as ArrayBuffer), payload);
  await client.unsubscribe({ topicFilters: [topic] });
}

/** Restarts the broker; resolves after the client lost the connection, reconnected, and did another round trip. */
export async function reconnectAfterBrokerRestart(client: mqtt5.Mqtt5Client, broker: MosquittoBroker, label: string): Promise<void> {
  const disconnected = once(client, "disconnection");
  const reconnected = new Promise<void>((resolve) => client.once("connectionSuccess", () => resolve()));
  await broker.restart();
  await disconnected;
  await reconnected;
  await qos1RoundTrip(client, `${label}-after-reconnect`);
}

export async function stopClient(client: mqtt5.Mqtt5Client): Promise<void> {
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
}

export interface RetryingFailure {
  readonly errors: ConnectionError[];
  /** Milliseconds between successive attemptingConnect events. */
  readonly gaps: number[];
}

/**
 * start(), collect `count` connectionFailure events (every one must be a ConnectionError and none may carry a
 * CONNACK), check that attempts were spaced by the growing backoff, then stop() and wait for `stopped`.
 */
export async function expectRetryingFailures(client: mqtt5.Mqtt5Client, count = 3): Promise<RetryingFailure> {
  const attempts: number[] = [];
  const errors: ConnectionError[] = [];
  let successes = 0;
  client.on("attemptingConnect", () => attempts.push(performance.now()));
  client.on("connectionSuccess", () => successes++);
  const failed = new Promise<void>((resolve) =>
    client.on("connectionFailure", (event) => {
      assert.equal(event.connack, undefined, "a TLS failure has no CONNACK");
      assert.ok(event.error instanceof ConnectionError, `not a ConnectionError: ${String(event.error)}`);
      errors.push(event.error);
      if (errors.length === count) resolve();
    }),
  );
  client.start();
  await failed;
  await stopClient(client);
  assert.equal(successes, 0, "no attempt may succeed");
  const gaps = attempts.slice(1).map((at, index) => at - (attempts[index] ?? at));
  assert.ok(attempts.length >= count, `${attempts.length} attempts for ${count} failures`);
  // Backoff without jitter: the n-th retry waits min(100 · 2^(n-1), 800) ms after the previous failure.
  gaps.slice(0, count - 1).forEach((gap, index) => {
    const expected = Math.min(MIN_RECONNECT_DELAY_MS * 2 ** index, MAX_RECONNECT_DELAY_MS);
    assert.ok(gap >= expected - 15, `retry ${index + 1} came after ${gap.toFixed(0)} ms, expected ≥ ${expected} ms`);
  });
  return { errors, gaps };
}

/** Every error has the same code, the aws-crt name and number, and a message matching `message`. */
export function assertNamedCause(errors: readonly ConnectionError[], code: string, crtName: string, crtCode: number, message: RegExp): void {
  assert.ok(errors.length > 0);
  for (const error of errors) {
    assert.equal(error.code, code, `${error.code}: ${error.message}`);
    assert.equal(error.error_name, crtName);
    assert.equal(error.error_code, crtCode);
    assert.match(error.message, message);
  }
}
