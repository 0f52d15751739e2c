// aws-crt 1.33.2's native (Node) mqtt5 client behind the differential runner's adapter interface.
//
// Process lifetime: aws-crt's close() only drops the JS references to the native client; the native client (and
// the thread-safe functions that keep Node's event loop alive) is released when the wrapper is garbage
// collected. Without a GC the test process would linger for seconds after the last test, so
// `releaseNativeClients()` runs the collector on an unref'd timer until the process exits.
import { EventEmitter } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { mqtt5 } from "aws-crt";
import type { ClientAdapter, DifferentialClient } from "./adapter.js";

// aws-crt prints a Node < 22 deprecation warning at the first native construction unless this is set.
process.env.AWS_CRT_NODEJS_SUPPRESS_NODE_DEPRECATION_WARNING = "1";

export const awsCrtAdapter: ClientAdapter = {
  name: "aws-crt",
  tag: "crt",
  create(config: Record<string, unknown>): DifferentialClient {
    const client = new mqtt5.Mqtt5Client(config as unknown as mqtt5.Mqtt5ClientConfig);
    const emitter: EventEmitter = client;
    return {
      start: () => client.start(),
      stop: (packet) => client.stop(packet as mqtt5.DisconnectPacket | undefined),
      close: () => client.close(),
      subscribe: (packet) => client.subscribe(packet as mqtt5.SubscribePacket),
      unsubscribe: (packet) => client.unsubscribe(packet as mqtt5.UnsubscribePacket),
      publish: (packet) => client.publish(packet as mqtt5.PublishPacket),
      on: (event, listener) => void emitter.on(event, listener),
    };
  },
};

/** Call once every aws-crt client is closed and unreferenced: collects them so the process can exit. */
export function releaseNativeClients(): void {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as () => void;
  collect();
  setInterval(collect, 25).unref();
}
