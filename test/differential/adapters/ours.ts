// Our client behind the differential runner's adapter interface.
import { EventEmitter } from "node:events";
import { mqtt5 } from "../../../src/index.js";
import type { ClientAdapter, DifferentialClient } from "./adapter.js";

export const oursAdapter: ClientAdapter = {
  name: "ours",
  tag: "ours",
  create(config: Record<string, unknown>): DifferentialClient {
    // The runner builds aws-crt's config shape, which ours accepts as is; only the logger is ours (an addition):
    // silent, so that expected connection failures do not print warnings into the test output.
    const client = new mqtt5.Mqtt5Client({ ...(config as unknown as mqtt5.Mqtt5ClientConfig), logger: mqtt5.silentLogger });
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
