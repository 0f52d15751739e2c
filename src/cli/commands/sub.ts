// `mqtt5 sub FILTER…`: connect, subscribe, print every message until `count` messages arrived (or forever), then
// stop. Subscriptions are renewed after a reconnect that did not resume the session. Exit 1 when a SUBACK refuses
// a filter or when `timeout` passes before `count` messages arrived.
import type { mqtt5 } from "../../index.js";
import type { CliCommand } from "../args.js";
import { CliClient } from "../cli-client.js";
import { CommandFailure } from "../cli-errors.js";
import { formatError } from "../format.js";
import type { Output } from "../output.js";
import { Interrupted, waitFor } from "../wait.js";
import { subscribeAndReport } from "./operations.js";

export type SubCommand = Extract<CliCommand, { kind: "sub" }>;

export async function runSub(command: SubCommand, out: Output, signal: AbortSignal): Promise<void> {
  const broker = command.connection.broker;
  if (broker === undefined) throw new CommandFailure("sub needs a broker URL");
  const cli = new CliClient(broker, command.connection, out);
  const subscribe: mqtt5.SubscribePacket = {
    subscriptions: command.filters.map((topicFilter) => ({ topicFilter, qos: command.qos })),
  };
  try {
    // Listen before subscribing: retained messages may arrive right behind the SUBACK.
    const received = countMessages(cli.client, command, signal);
    received.catch(() => undefined); // observed below; avoids an unhandled rejection while subscribing
    await cli.connect(signal);
    const { ok } = await subscribeAndReport(cli.client, out, subscribe, signal);
    if (!ok) throw new CommandFailure("the broker refused the subscription (see the SUBACK reason codes)");
    resubscribeAfterCleanReconnects(cli.client, out, subscribe);
    try {
      await received;
    } catch (error) {
      // Without --count, Ctrl-C is the normal way to finish.
      if (!(error instanceof Interrupted && command.count === 0)) throw error;
    }
  } finally {
    await cli.shutdown();
  }
}

/** Resolves after `count` messages (never when count is 0); rejects on timeout or interruption. */
function countMessages(client: mqtt5.Mqtt5Client, command: SubCommand, signal: AbortSignal): Promise<void> {
  const what = `waiting for ${command.count === 0 ? "messages" : `${command.count} message(s)`}`;
  return waitFor<void>(what, command.timeoutMs, signal, ({ resolve }) => {
    let count = 0;
    const onMessage = (): void => {
      count += 1;
      if (command.count > 0 && count >= command.count) resolve();
    };
    client.on("messageReceived", onMessage);
    return () => client.off("messageReceived", onMessage);
  });
}

function resubscribeAfterCleanReconnects(client: mqtt5.Mqtt5Client, out: Output, subscribe: mqtt5.SubscribePacket): void {
  client.on("connectionSuccess", (event) => {
    if (event.settings.rejoinedSession) return;
    out.line("session not resumed: subscribing again");
    subscribeAndReport(client, out, subscribe).catch((error: unknown) => out.error(`subscribe failed: ${formatError(error)}`));
  });
}
