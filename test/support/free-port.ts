// Free loopback ports for peers started by the tests: ask the kernel for port 0, read it, release it.
// There is a small window in which another process could take the port; launchers that bind it later
// (e.g. startMosquitto) retry with fresh ports when the bind fails.
import { createServer, type Server } from "node:net";

function listenOnEphemeralPort(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** One free TCP port on `host` (default 127.0.0.1). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error("freePorts returned nothing");
  return port;
}

/** `count` distinct free TCP ports: all are held open at the same time, so none is handed out twice. */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnEphemeralPort(host));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("unexpected server address");
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}
