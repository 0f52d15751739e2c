// What every sample shares: command-line flags and the publish/subscribe session of the AWS IoT SDK samples
// (connect, subscribe, publish QoS 1 messages to the same topic, wait until all came back, unsubscribe, stop).
import { once } from "node:events";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { mqtt5, type iot } from "mqtt5-client";

/** Flags every sample understands, plus its own. */
export const COMMON_FLAGS = {
  endpoint: { type: "string" },
  port: { type: "string" },
  ca: { type: "string" },
  "client-id": { type: "string" },
  topic: { type: "string" },
  message: { type: "string" },
  count: { type: "string" },
  help: { type: "boolean" },
} as const;

type FlagSpec = Record<string, { type: "string" | "boolean" }>;

/** Parses argv; prints `usage` and exits on --help or when a `required` flag is missing. */
export function parseFlags<T extends FlagSpec>(own: T, required: readonly string[], usage: string): Record<string, string | boolean | undefined> {
  const options: FlagSpec = { ...COMMON_FLAGS, ...own };
  const values = parseArgs({ options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  const missing = ["endpoint", ...required].filter((name) => values[name] === undefined);
  if (values.help === true || missing.length > 0) {
    if (missing.length > 0) console.error(`missing: ${missing.map((name) => `--${name}`).join(", ")}`);
    console.error(`${usage}\n\ncommon flags: --endpoint <host> [--port <n>] [--ca <pem file>] [--client-id <id>] [--topic <t>] [--message <text>] [--count <n>]`);
    process.exit(values.help === true ? 0 : 2);
  }
  return values;
}

/** Applies --port and --ca, which every builder path accepts. */
export function applyCommonFlags(builder: iot.AwsIotMqtt5ClientConfigBuilder, flags: Record<string, string | boolean | undefined>): iot.AwsIotMqtt5ClientConfigBuilder {
  if (typeof flags.port === "string") builder.withPort(Number(flags.port));
  if (typeof flags.ca === "string") builder.withCertificateAuthorityFromPath(undefined, flags.ca);
  builder.withConnectProperties({
    clientId: typeof flags["client-id"] === "string" ? flags["client-id"] : `mqtt5-sample-${randomBytes(4).toString("hex")}`,
    keepAliveIntervalSeconds: 1200,
  });
  return builder;
}

/** Runs the sample session; exits 0 when every message came back, 1 otherwise. */
export async function runPubSub(config: mqtt5.Mqtt5ClientConfig, flags: Record<string, string | boolean | undefined>): Promise<void> {
  const topic = typeof flags.topic === "string" ? flags.topic : "test/topic";
  const text = typeof flags.message === "string" ? flags.message : "Hello World!";
  const count = typeof flags.count === "string" ? Number(flags.count) : 5;
  const client = new mqtt5.Mqtt5Client(config);
  let received = 0;
  const allReceived = new Promise<void>((resolve) =>
    client.on("messageReceived", ({ message }) => {
      console.log(`Message received on ${message.topicName}: ${Buffer.from(message.payload as ArrayBuffer).toString("utf8")}`);
      if (++received === count) resolve();
    }),
  );
  client.on("attemptingConnect", () => console.log("Attempting connect"));
  client.on("connectionSuccess", ({ connack }) => console.log(`Connected: CONNACK reason code ${connack.reasonCode}`));
  client.on("connectionFailure", ({ error }) => console.log(`Connection failure: ${String(error)}`));
  client.on("disconnection", ({ error }) => console.log(`Disconnected: ${String(error)}`));
  client.on("stopped", () => console.log("Stopped"));

  const timeout = setTimeout(() => {
    console.error("Timed out");
    process.exit(1);
  }, 30_000);
  const connected = once(client, "connectionSuccess");
  client.start();
  await connected;
  const suback = await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: mqtt5.QoS.AtLeastOnce }] });
  console.log(`Subscribed: SUBACK reason codes ${suback.reasonCodes.join(",")}`);
  for (let index = 1; index <= count; index++) {
    const puback = await client.publish({ topicName: topic, payload: `${text} [${index}]`, qos: mqtt5.QoS.AtLeastOnce });
    console.log(`Published ${index}: PUBACK reason code ${puback?.reasonCode}`);
  }
  await allReceived;
  await client.unsubscribe({ topicFilters: [topic] });
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
  client.close();
  clearTimeout(timeout);
  console.log(`Done: ${received}/${count} messages received`);
}
