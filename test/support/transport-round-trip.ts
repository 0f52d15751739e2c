// What every transport in the matrix must show against a real broker (WebSocket, wss, through proxies): connect,
// a QoS 1 round trip to itself, a reconnect after the connection is cut, another round trip; and for failures:
// a typed connectionFailure on every attempt, retries with growing delays, and silence after stop().
import assert from "node:assert/strict";
import { once } from "node:events";
import { ConnectionError, mqtt5 } from "../../src/index.js";
import { RetryJitterType } from "../../src/api/enums.js";

let counter = 0;
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** A client with quick, jitter-free reconnects (50 ms doubling to 400 ms), closed after the test. */
export function newMatrixClient(
  t: { after(fn: () => unknown): void },
  config: Partial<mqtt5.Mqtt5ClientConfig> & { hostName: string; port: number },
): mqtt5.Mqtt5Client {
  const client = new mqtt5.Mqtt5Client({
    connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("matrix") },
    minReconnectDelayMs: 50,
    maxReconnectDelayMs: 400,
    retryJitterMode: RetryJitterType.None,
    ...config,
  });
  t.after(() => client.close());
  return client;
}

/** start() and wait for the first connectionSuccess; the first connectionFailure rejects with its error. */
export async function startAndConnect(client: mqtt5.Mqtt5Client): Promise<mqtt5.ConnectionSuccessEvent> {
  const failure = once(client, "connectionFailure").then(([event]) => {
    const error = (event as mqtt5.ConnectionFailureEvent).error;
    throw new Error(`connection failed: ${String(error)}`, { cause: error });
  });
  const success = once(client, "connectionSuccess").then(([event]) => event as mqtt5.ConnectionSuccessEvent);
  client.start();
  return Promise.race([success, failure]);
}

/** Subscribe, publish QoS 1 to ourselves, get the PUBACK (success) and the message back, unsubscribe. */
export async function qos1RoundTrip(client: mqtt5.Mqtt5Client, label: string): Promise<void> {
  const topic = `matrix/${uniqueId(label)}`;
  const payload = `${label} ${"x".repeat(300)}`; // long enough to need more than one small frame somewhere
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
  assert.equal(puback?.reasonCode, mqtt5.PubackReasonCode.Success);
  const message = await received;
  assert.equal(message.qos, mqtt5.QoS.AtLeastOnce);
  assert.equal(new TextDecoder().decode(message.payload as ArrayBuffer), payload);
  await client.unsubscribe({ topicFilters: [topic] });
}

/** Runs `cut` (which ends the connection) and waits for the disconnection and the next connectionSuccess. */
export async function reconnectAfter(client: mqtt5.Mqtt5Client, cut: () => unknown): Promise<mqtt5.DisconnectionEvent> {
  const disconnection = once(client, "disconnection");
  const success = once(client, "connectionSuccess");
  await cut();
  const [event] = (await disconnection) as [mqtt5.DisconnectionEvent];
  await success;
  return event;
}

/** The full check: connect, round trip, cut + reconnect, round trip, stop. */
export async function roundTripAndReconnect(client: mqtt5.Mqtt5Client, label: string, cut: () => unknown): Promise<void> {
  await startAndConnect(client);
  await qos1RoundTrip(client, `${label}-1`);
  await reconnectAfter(client, cut);
  await qos1RoundTrip(client, `${label}-2`);
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
}

/**
 * Starts the client, collects `count` connectionFailures, checks each error (a ConnectionError with `code`) and
 * that the delays between attempts grow (backoff), then stops and checks that no attempt follows.
 */
export async function expectRetriedFailures(client: mqtt5.Mqtt5Client, code: string, message: RegExp, count = 4): Promise<ConnectionError[]> {
  const errors: ConnectionError[] = [];
  // The backoff: from each failure to the next attempt (attempt durations, e.g. TLS handshakes, do not count).
  const delays: number[] = [];
  let failedAt: number | undefined;
  client.on("attemptingConnect", () => {
    if (failedAt !== undefined) delays.push(performance.now() - failedAt);
  });
  const collected = new Promise<void>((resolve) =>
    client.on("connectionFailure", ({ error }) => {
      assert.ok(error instanceof ConnectionError, `not a ConnectionError: ${String(error)}`);
      errors.push(error);
      failedAt = performance.now();
      if (errors.length === count) resolve();
    }),
  );
  client.on("connectionSuccess", () => assert.fail("unexpected connectionSuccess"));
  client.start();
  await collected;
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
  for (const error of errors) {
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
  }
  const shown = delays.map(Math.round).join(", ");
  assert.ok(delays.length >= count - 1, `an attempt followed each failure: ${shown} ms`);
  assert.ok(delays.every((delay) => delay >= 40), `retries wait for the backoff: ${shown} ms`);
  // Lower bounds only (a loaded machine can only lengthen a wait): the last retry waited for a grown backoff, at
  // least twice the smallest one. Exact backoff sequences are tested on the core with a manual clock.
  assert.ok((delays.at(-1) ?? 0) >= 80, `the backoff grows: ${shown} ms`);
  let attemptsAfterStop = 0;
  client.on("attemptingConnect", () => attemptsAfterStop++);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(attemptsAfterStop, 0, "no attempt after stop()");
  return errors;
}
