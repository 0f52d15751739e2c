// One scenario with one client, in this (fresh) process: `node --expose-gc scenario-runner.js --client NAME
// --scenario NAME --host H --port P [--broker-pid N] [--run-id ID] [--smoke]`. Prints `progress: …` lines while
// it runs, `PARTIAL {json}` results so far (scenarios that may not finish) and `RESULT {json}` at the end (or `ERROR …` and exit code 1). Started by client-bench.ts.
import { CLIENT_NAMES, loadClientFactory, type ClientName } from "./clients/bench-client.js";
import { findScenario } from "./scenarios.js";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

function required(name: string): string {
  const value = argument(name);
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}

async function main(): Promise<void> {
  const clientName = required("client");
  if (!(CLIENT_NAMES as readonly string[]).includes(clientName)) throw new Error(`unknown client ${clientName}`);
  const scenario = findScenario(required("scenario"));
  const brokerPid = argument("broker-pid");
  const factory = await loadClientFactory(clientName as ClientName);
  const result = await scenario.run({
    factory,
    host: required("host"),
    port: Number(required("port")),
    brokerPid: brokerPid === undefined ? undefined : Number(brokerPid),
    runId: argument("run-id") ?? `b${process.pid}`,
    smoke: process.argv.includes("--smoke"),
    progress: (text) => process.stdout.write(`progress: ${text}\n`),
    partial: (partial) => process.stdout.write(`PARTIAL ${JSON.stringify(partial)}\n`),
  });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  // Some libraries keep native handles or timers after close(): the result is out, so end the process now.
  () => process.exit(0),
  (error: unknown) => {
    process.stdout.write(`ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
