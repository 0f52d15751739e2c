// The one adapter for clients with aws-crt's mqtt5 API: aws-crt itself and ours (a drop-in replacement), so both
// are driven by exactly the same calls. Each caller constructs its own client, so a scenario process loads only
// the library it measures.
import { deferred, type BenchClient, type BenchQoS } from "./bench-client.js";

/** The part of aws-crt's `mqtt5.Mqtt5Client` the benchmarks use. */
export interface CrtShapedClient {
  once(event: "connectionSuccess" | "stopped", listener: () => void): unknown;
  once(event: "connectionFailure", listener: (event: { error: unknown }) => void): unknown;
  on(event: "messageReceived", listener: (event: { message: { payload?: unknown } }) => void): unknown;
  start(): void;
  stop(): void;
  close(): void;
  subscribe(packet: { subscriptions: { topicFilter: string; qos: BenchQoS }[] }): Promise<unknown>;
  publish(packet: { topicName: string; payload: Buffer; qos: BenchQoS }): Promise<unknown>;
}

export function crtShapedBenchClient(client: CrtShapedClient): BenchClient {
  return {
    connect() {
      const connected = deferred<void>();
      client.once("connectionSuccess", () => connected.resolve());
      client.once("connectionFailure", (event) => connected.reject(event.error));
      client.start();
      return connected.promise;
    },
    async subscribe(topic: string, qos: BenchQoS, onMessage: (payloadBytes: number) => void) {
      client.on("messageReceived", (event) => onMessage((event.message.payload as ArrayBuffer | undefined)?.byteLength ?? 0));
      await client.subscribe({ subscriptions: [{ topicFilter: topic, qos }] });
    },
    publish(topic: string, payload: Buffer, qos: BenchQoS, done: (error?: unknown) => void) {
      client.publish({ topicName: topic, payload, qos }).then(() => done(), done);
    },
    close() {
      const stopped = deferred<void>();
      client.once("stopped", () => stopped.resolve());
      client.stop();
      return stopped.promise.then(() => client.close());
    },
  };
}
