// MQTT.js (npm `mqtt`, v5), protocol version 5, otherwise as shipped; callback API (its cheapest form).
import mqtt from "mqtt";
import { deferred, type BenchClient, type BenchClientOptions, type BenchQoS } from "./bench-client.js";

export function createMqttJsClient(options: BenchClientOptions): BenchClient {
  let client: mqtt.MqttClient | undefined;
  const current = (): mqtt.MqttClient => {
    if (client === undefined) throw new Error("MQTT.js client used before connect()");
    return client;
  };
  return {
    connect() {
      const connected = deferred<void>();
      client = mqtt.connect({
        host: options.host,
        port: options.port,
        protocol: "mqtt",
        protocolVersion: 5,
        clientId: options.clientId,
        keepalive: 60,
        reconnectPeriod: 0,
      });
      client.once("connect", () => connected.resolve());
      client.once("error", (error) => connected.reject(error));
      return connected.promise;
    },
    subscribe(topic: string, qos: BenchQoS, onMessage: (payloadBytes: number) => void) {
      const done = deferred<void>();
      current().on("message", (_topic, payload) => onMessage(payload.length));
      current().subscribe(topic, { qos }, (error) => (error ? done.reject(error) : done.resolve()));
      return done.promise;
    },
    publish(topic: string, payload: Buffer, qos: BenchQoS, done: (error?: unknown) => void) {
      current().publish(topic, payload, { qos }, done);
    },
    close() {
      const ended = deferred<void>();
      current().end(false, {}, () => ended.resolve());
      return ended.promise;
    },
  };
}
