// The benchmark's Mosquitto: one plain TCP listener on loopback, otherwise Mosquitto's defaults (TCP_NODELAY off,
// no persistence), plus the two limits a scenario needs. Not test/support/mosquitto.ts's broker: its six
// listeners (TLS, WebSocket …), per-listener settings and logging make Mosquitto itself slower — a WebSocket
// listener alone costs ~12% of its QoS 0 throughput — and where the broker is the bottleneck that would be
// measured instead of the clients. Process handling and free ports come from test/support.
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { makeReadableByAll, makeSharedTempDir } from "../test/support/certificates.js";
import { freePort } from "../test/support/free-port.js";
import { MOSQUITTO_BINARY } from "../test/support/mosquitto.js";
import { startProcess, type ManagedProcess } from "../test/support/process.js";

export interface BenchBroker {
  readonly port: number;
  readonly pid: number;
  /** Everything Mosquitto printed (errors and warnings only). */
  log(): string;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const START_TIMEOUT_MS = 10_000;

function configText(port: number): string {
  return [
    "persistence false",
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    // Receive Maximum 1000 (QoS 1 with 100 in flight), and no QoS 0 drop below 100,000 queued messages.
    "max_inflight_messages 1000",
    "max_queued_messages 100000",
    `listener ${port} 127.0.0.1`,
    "allow_anonymous true",
    "",
  ].join("\n");
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilAccepting(broker: ManagedProcess, port: number): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!broker.isRunning()) return false;
    if (await accepts(port)) return true;
    await sleep(25);
  }
  return false;
}

export async function startBenchBroker(): Promise<BenchBroker> {
  const dir = makeSharedTempDir("mqtt5-bench-broker-"); // readable by the user Mosquitto drops to as root
  const configPath = join(dir, "mosquitto.conf");
  let output = "";
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    writeFileSync(configPath, configText(port));
    makeReadableByAll(dir);
    const broker = startProcess(MOSQUITTO_BINARY, ["-c", configPath], {
      onOutput: (text) => {
        output = (output + text).slice(-20_000);
      },
    });
    if (await waitUntilAccepting(broker, port)) {
      return { port, pid: broker.pid, log: () => output, stop: async () => void (await broker.stop()) };
    }
    await broker.stop();
    // Another process may have taken the port between freePort() and the bind: try a fresh one.
    if (!/address already in use/i.test(output)) break;
  }
  throw new Error(`mosquitto did not start. Output:\n${output}`);
}
