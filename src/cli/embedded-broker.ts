// The demo's own broker: aedes 2.0.0-beta.1 (the first aedes with MQTT 5) in this process, on a free 127.0.0.1
// port over TCP. aedes is a dev dependency, imported dynamically and only by `demo` without a broker URL, so the
// published binary works without it whenever a URL is given.
import { createServer, type Server, type Socket } from "node:net";
import type { BrokerAddress } from "./broker-url.js";
import { CommandFailure } from "./cli-errors.js";

export const AEDES_VERSION = "2.0.0-beta.1";

export interface EmbeddedBroker {
  readonly address: BrokerAddress;
  /** e.g. "aedes 2.0.0-beta.1 (in-process)". */
  readonly description: string;
  /** Stops accepting, drops any connection still open and shuts the broker down. */
  close(): Promise<void>;
}

/** The part of aedes' broker this file uses. */
interface AedesBroker {
  readonly version: string;
  handle(stream: Socket): unknown;
  close(callback?: () => void): void;
}

export async function startEmbeddedBroker(): Promise<EmbeddedBroker> {
  const broker = await createAedes();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    broker.handle(socket);
  });
  try {
    await listen(server);
  } catch (error) {
    await closeBroker(broker);
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === "string") throw new CommandFailure("embedded broker: no TCP address");
  return {
    address: { host: "127.0.0.1", port: address.port, tls: false, username: undefined, password: undefined },
    description: `aedes ${broker.version} (in-process)`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await closeBroker(broker);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function createAedes(): Promise<AedesBroker> {
  let aedes: typeof import("aedes");
  try {
    aedes = await import("aedes");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new CommandFailure(
      `the demo's embedded broker needs aedes ${AEDES_VERSION} (a dev dependency): run \`npm install\` in the ` +
        "project, or point the demo at a broker with --url mqtt://host:port or MQTT_URL",
    );
  }
  // createBroker() constructs the broker and awaits listen() (its persistence set-up) in one step.
  return (await aedes.Aedes.createBroker()) as unknown as AedesBroker;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeBroker(broker: AedesBroker): Promise<void> {
  return new Promise((resolve) => broker.close(() => resolve()));
}
