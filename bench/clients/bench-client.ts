// The small surface every benchmarked client is driven through. Each adapter uses its library's own natural,
// cheapest call shape (MQTT.js: callbacks; aws-crt and ours: promises), with the library's shipped defaults except
// what a benchmark must set (protocol version 5, a client id, no automatic reconnects getting in the way).

export type BenchQoS = 0 | 1;

export interface BenchClientOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
}

export interface BenchClient {
  /** Resolves once the broker accepted the connection (CONNACK). */
  connect(): Promise<void>;
  /** Subscribes `topic`; `onMessage` runs once per received PUBLISH with its payload size. */
  subscribe(topic: string, qos: BenchQoS, onMessage: (payloadBytes: number) => void): Promise<void>;
  /** Publishes; `done` runs when the library reports completion (QoS 0: written, QoS 1: PUBACK). */
  publish(topic: string, payload: Buffer, qos: BenchQoS, done: (error?: unknown) => void): void;
  /** Disconnects and releases the client. */
  close(): Promise<void>;
}

export type BenchClientFactory = (options: BenchClientOptions) => BenchClient;

/** "floor" is no library: raw-floor.ts, the least any Node.js client can do per message (the report's reference). */
export const CLIENT_NAMES = ["mqtt5-client", "MQTT.js", "aws-crt", "floor"] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/** Loads only the library the scenario needs, so a child process measures one library's footprint. */
export async function loadClientFactory(name: ClientName): Promise<BenchClientFactory> {
  switch (name) {
    case "mqtt5-client":
      return (await import("./ours.js")).createOursClient;
    case "MQTT.js":
      return (await import("./mqttjs.js")).createMqttJsClient;
    case "aws-crt":
      return (await import("./aws-crt.js")).createAwsCrtClient;
    case "floor":
      return (await import("./raw-floor.js")).createRawFloorClient;
  }
}

/** A promise with its resolve/reject, for turning events into awaitable steps. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
