// `mqtt5 demo` (what `npm start` runs): a guided tour of the client. Connects, subscribes to its own topic tree,
// publishes one message at each QoS the server allows (0, 1, 2), waits for them to come back, unsubscribes, then
// stops (awaiting `stopped`) and closes — printing every event and acknowledgement on the way. Without --url /
// MQTT_URL it runs against an embedded aedes broker on a free loopback port, started and stopped here.
import { mqtt5 } from "../../index.js";
import type { CliCommand } from "../args.js";
import { displayUrl, type BrokerAddress } from "../broker-url.js";
import { CliClient } from "../cli-client.js";
import { CommandFailure } from "../cli-errors.js";
import type { EmbeddedBroker } from "../embedded-broker.js";
import type { Output } from "../output.js";
import { waitFor } from "../wait.js";
import { publishAndReport, subscribeAndReport, unsubscribeAndReport } from "./operations.js";

export type DemoCommand = Extract<CliCommand, { kind: "demo" }>;

const QOS_LEVELS = [mqtt5.QoS.AtMostOnce, mqtt5.QoS.AtLeastOnce, mqtt5.QoS.ExactlyOnce] as const;

export async function runDemo(command: DemoCommand, out: Output, signal: AbortSignal): Promise<void> {
  let embedded: EmbeddedBroker | undefined;
  let broker = command.connection.broker;
  if (broker === undefined) {
    // Loaded only here, so the binary never needs aedes when a broker URL is given.
    const { startEmbeddedBroker } = await import("../embedded-broker.js");
    embedded = await startEmbeddedBroker();
    broker = embedded.address;
    out.line(`embedded broker: ${embedded.description} on ${displayUrl(broker)} (set MQTT_URL or --url to use another broker)`);
  }
  try {
    await runTour(broker, command, out, signal);
  } finally {
    if (embedded !== undefined) {
      await embedded.close();
      out.line("embedded broker: stopped");
    }
  }
}

async function runTour(broker: BrokerAddress, command: DemoCommand, out: Output, signal: AbortSignal): Promise<void> {
  const cli = new CliClient(broker, command.connection, out);
  const problems: string[] = [];
  try {
    out.line("\n# 1. connect");
    const { settings } = await cli.connect(signal);
    const topicRoot = `mqtt5-demo/${settings.clientId}`;
    const levels = QOS_LEVELS.filter((qos) => qos <= settings.maximumQos);
    if (levels.length < QOS_LEVELS.length) out.line(`(the server's Maximum QoS is ${settings.maximumQos}: higher levels are skipped)`);
    const expected = new Set(levels.map((qos) => `${topicRoot}/qos${qos}`));
    const arrived = collectMessages(cli.client, expected, command.timeoutMs, signal);
    arrived.catch(() => undefined); // observed below; avoids an unhandled rejection in the meantime

    out.line(`\n# 2. subscribe to ${topicRoot}/# at QoS ${settings.maximumQos}`);
    const subscriptions = [{ topicFilter: `${topicRoot}/#`, qos: settings.maximumQos }];
    const suback = await subscribeAndReport(cli.client, out, { subscriptions }, signal);
    if (!suback.ok) problems.push("SUBACK refused the subscription");

    out.line("\n# 3. publish at each QoS (the promise resolves with the acknowledgement)");
    for (const qos of levels) {
      const publish: mqtt5.PublishPacket = {
        topicName: `${topicRoot}/qos${qos}`,
        payload: `hello from mqtt5-client at QoS ${qos}`,
        qos,
        contentType: "text/plain",
        userProperties: [{ name: "demo", value: `qos${qos}` }],
      };
      const { ok } = await publishAndReport(cli.client, out, publish, signal);
      if (!ok) problems.push(`the QoS ${qos} publish was refused`);
    }

    out.line("\n# 4. wait for the messages to come back");
    const missing = await arrived.then(
      () => [],
      (error: unknown) => {
        if (!signal.aborted) return [...expected];
        throw error;
      },
    );
    out.line(`received ${levels.length - missing.length} of ${levels.length} message(s)`);
    if (missing.length > 0) problems.push(`no message arrived on ${missing.join(", ")}`);

    out.line("\n# 5. unsubscribe");
    const unsuback = await unsubscribeAndReport(cli.client, out, { topicFilters: [`${topicRoot}/#`] }, signal);
    if (!unsuback.ok) problems.push("UNSUBACK refused the unsubscription");
  } finally {
    out.line("\n# 6. stop (awaiting `stopped`) and close");
    await cli.shutdown();
  }
  if (problems.length > 0) throw new CommandFailure(`demo finished with problems: ${problems.join("; ")}`);
  out.line("\ndemo: ok");
}

/** Resolves once a message has arrived on every topic in `expected` (which it empties as they arrive). */
function collectMessages(
  client: mqtt5.Mqtt5Client,
  expected: Set<string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  return waitFor<void>("waiting for the demo messages", timeoutMs, signal, ({ resolve }) => {
    const onMessage = (event: mqtt5.MessageReceivedEvent): void => {
      expected.delete(event.message.topicName);
      if (expected.size === 0) resolve();
    };
    client.on("messageReceived", onMessage);
    return () => client.off("messageReceived", onMessage);
  });
}
