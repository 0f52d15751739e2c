// mqtt5-client (this repository, compiled from src/), configured as shipped.
import { mqtt5 } from "../../src/index.js";
import { deferred, type BenchClient, type BenchClientOptions, type BenchQoS } from "./bench-client.js";

export function createOursClient(options: BenchClientOptions): BenchClient {
  const client = new mqtt5.Mqtt5Client({
    hostName: options.host,
    port: options.port,
    connectProperties: { clientId: options.clientId, keepAliveIntervalSeconds: 60 },
  });
  return {
    connect() {
      const connected = deferred<void>();
      client.once("connectionSuccess", () => connected.resolve());
      client.once("connectionFailure", (event) => connected.reject(event.error));
      client.start();
      return connected.promise;
    },
    async subscribe(topic: string, qos: BenchQoS, onMessage: (payloadBytes: number) => void) {
      client.on("messageReceived", (event) => onMessage((event.message.payload as ArrayBuffer).byteLength));
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
