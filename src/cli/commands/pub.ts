// `mqtt5 pub TOPIC MESSAGE`: connect, publish the message `repeat` times (each waiting for its acknowledgement),
// then stop. Fails (exit 1) when the connection cannot be made or any acknowledgement carries a failure code.
import type { CliCommand } from "../args.js";
import { CliClient } from "../cli-client.js";
import { CommandFailure } from "../cli-errors.js";
import type { Output } from "../output.js";
import { publishAndReport } from "./operations.js";

export type PubCommand = Extract<CliCommand, { kind: "pub" }>;

export async function runPub(command: PubCommand, out: Output, signal: AbortSignal): Promise<void> {
  const broker = command.connection.broker;
  if (broker === undefined) throw new CommandFailure("pub needs a broker URL");
  const cli = new CliClient(broker, command.connection, out);
  try {
    await cli.connect(signal);
    let failures = 0;
    for (let sent = 0; sent < command.repeat; sent++) {
      const publish = { topicName: command.topic, payload: command.message, qos: command.qos, retain: command.retain };
      const { ok } = await publishAndReport(cli.client, out, publish, signal);
      if (!ok) failures += 1;
    }
    if (failures > 0) throw new CommandFailure(`${failures} of ${command.repeat} publish(es) were refused by the broker`);
  } finally {
    await cli.shutdown();
  }
}
