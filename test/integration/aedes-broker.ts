// An in-process aedes 2.0.0-beta.1 broker on a free 127.0.0.1 TCP port, for the aedes integration tests (aedes is a
// dev dependency; src/cli/embedded-broker.ts starts it the same way for the demo). close() drops every connection.
import { createServer, type Socket } from "node:net";
import { Aedes, type AedesOptions } from "aedes";

export interface AedesTestBroker {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly aedes: Aedes;
  close(): Promise<void>;
}

export async function startAedes(options: AedesOptions = {}): Promise<AedesTestBroker> {
  const aedes = await Aedes.createBroker(options);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("aedes test broker: no TCP address");
  return {
    host: "127.0.0.1",
    port: address.port,
    aedes,
    close: async () => {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await serverClosed;
    },
  };
}

/** Resolves once aedes has accepted a PUBLISH with each of `payloads` from client `clientId` (bounded wait). */
export function waitForPublishes(broker: AedesTestBroker, clientId: string, payloads: readonly string[], timeoutMs = 10_000): Promise<void> {
  const missing = new Set(payloads);
  return new Promise((resolve, reject) => {
    const listener = (packet: { payload?: unknown }, client: { id?: string } | null): void => {
      if (client?.id !== clientId || !Buffer.isBuffer(packet.payload)) return;
      missing.delete(packet.payload.toString("utf8"));
      if (missing.size === 0) finish();
    };
    const timer = setTimeout(() => {
      broker.aedes.off("publish", listener);
      reject(new Error(`aedes did not receive ${[...missing].join(", ")} from ${clientId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      broker.aedes.off("publish", listener);
      resolve();
    };
    broker.aedes.on("publish", listener);
  });
}
