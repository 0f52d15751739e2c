// A small TCP proxy for fault injection between a client and a broker (peers.md: no netem, no toxiproxy here).
// Each accepted connection opens its own connection to the target. Faults, switchable at any moment:
//
//   forward()            normal forwarding (the initial mode)
//   blackHole(dirs)      bytes in those directions are silently dropped, and a close on either side is not passed
//                        on: a network partition as both ends see it (only keep-alive or resetAll() ends it)
//   refuseNew(true)      new connections are reset as soon as they are accepted
//   resetAll()           RST on both sides of every open connection
//   cutAfterBytes(d, n)  forwards exactly n more bytes in direction d, then closes both sides
//   cutBeforePacket(d,t) forwards everything before the first MQTT packet of type t in direction d (whose packet
//                        boundaries the proxy tracks from the fixed headers), drops that packet, closes both sides
//
// A cut closes with FIN after the forwarded bytes are flushed, so the far side is sure to receive exactly them (an
// RST can discard data still queued in the receiver), and forwards nothing more in either direction.
import { connect, createServer, type Server, type Socket } from "node:net";

export type ProxyDirection = "toBroker" | "toClient";

/** Mode to switch to atomically once a cut happened (before the client can reconnect). */
export type AfterCut = "forward" | "refuseNew" | "blackHole";

export interface TcpFaultProxy {
  /** The proxy's own port on 127.0.0.1: point the client here. */
  readonly port: number;
  /** Connections accepted so far (including refused ones). */
  readonly acceptedCount: number;
  readonly openConnections: number;
  forward(): void;
  blackHole(directions?: readonly ProxyDirection[]): void;
  refuseNew(refuse: boolean): void;
  resetAll(): void;
  /** Resolves when a connection was cut. */
  cutAfterBytes(direction: ProxyDirection, bytes: number, afterCut?: AfterCut): Promise<void>;
  /** Resolves when a connection was cut; `packetType` is the MQTT control packet type (1..15). */
  cutBeforePacket(direction: ProxyDirection, packetType: number, afterCut?: AfterCut): Promise<void>;
  /** Resolves once a new connection has been accepted (counting from `acceptedCount` = `after`). */
  waitForConnection(after: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type CutRule =
  | { readonly kind: "afterBytes"; readonly direction: ProxyDirection; remaining: number; readonly afterCut: AfterCut; readonly done: () => void }
  | { readonly kind: "beforePacket"; readonly direction: ProxyDirection; readonly packetType: number; readonly afterCut: AfterCut; readonly done: () => void };

/** Finds where MQTT packets start in a byte stream cut into arbitrary chunks (fixed header only, no decoding). */
class PacketBoundaryTracker {
  private inHeader = false;
  private remainingLength = 0;
  private multiplier = 1;
  private bodyLeft = 0;

  /** Offsets in `chunk` at which a packet starts, with that packet's type. */
  starts(chunk: Uint8Array): { offset: number; packetType: number }[] {
    const found: { offset: number; packetType: number }[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.bodyLeft > 0) {
        const skip = Math.min(this.bodyLeft, chunk.length - pos);
        this.bodyLeft -= skip;
        pos += skip;
        continue;
      }
      const byte = chunk[pos] ?? 0;
      if (!this.inHeader) {
        found.push({ offset: pos, packetType: byte >> 4 });
        this.inHeader = true;
        this.remainingLength = 0;
        this.multiplier = 1;
      } else {
        this.remainingLength += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        if (byte < 0x80) {
          this.inHeader = false;
          this.bodyLeft = this.remainingLength;
        }
      }
      pos++;
    }
    return found;
  }
}

interface ProxiedConnection {
  readonly client: Socket;
  readonly upstream: Socket;
  readonly trackers: Record<ProxyDirection, PacketBoundaryTracker>;
  cut: boolean;
}

export async function startTcpFaultProxy(target: { host?: string; port: number }): Promise<TcpFaultProxy> {
  const host = target.host ?? "127.0.0.1";
  const connections = new Set<ProxiedConnection>();
  const blackHoled = new Set<ProxyDirection>();
  let refusing = false;
  let accepted = 0;
  let rules: CutRule[] = [];
  const acceptWaiters = new Set<() => void>();

  const applyAfterCut = (afterCut: AfterCut): void => {
    blackHoled.clear();
    refusing = false;
    if (afterCut === "refuseNew") refusing = true;
    if (afterCut === "blackHole") {
      blackHoled.add("toBroker");
      blackHoled.add("toClient");
    }
  };

  const closeGracefully = (socket: Socket): void => {
    if (socket.destroyed) return;
    socket.end(() => socket.destroy());
    socket.setTimeout(2000, () => socket.destroy()); // never hang on a peer that does not read
  };

  const cut = (connection: ProxiedConnection, rule: CutRule): void => {
    connection.cut = true;
    rules = rules.filter((candidate) => candidate !== rule);
    applyAfterCut(rule.afterCut);
    closeGracefully(connection.client);
    closeGracefully(connection.upstream);
    rule.done();
  };

  /** Forwards `chunk` from one side to the other, applying black holes and cut rules. */
  const relay = (connection: ProxiedConnection, direction: ProxyDirection, chunk: Buffer): void => {
    if (connection.cut) return;
    const starts = connection.trackers[direction].starts(chunk); // always, so boundaries stay known
    if (blackHoled.has(direction)) return;
    const destination = direction === "toBroker" ? connection.upstream : connection.client;
    for (const rule of rules) {
      if (rule.direction !== direction) continue;
      if (rule.kind === "afterBytes") {
        if (chunk.length < rule.remaining) {
          rule.remaining -= chunk.length;
          continue;
        }
        destination.write(chunk.subarray(0, rule.remaining));
        cut(connection, rule);
        return;
      }
      const start = starts.find((entry) => entry.packetType === rule.packetType);
      if (start !== undefined) {
        if (start.offset > 0) destination.write(chunk.subarray(0, start.offset));
        cut(connection, rule);
        return;
      }
    }
    destination.write(chunk);
  };

  const onClientConnection = (client: Socket): void => {
    accepted++;
    for (const wake of [...acceptWaiters]) wake();
    client.on("error", () => undefined);
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    client.pause();
    const upstream = connect({ host, port: target.port });
    upstream.on("error", () => undefined);
    const connection: ProxiedConnection = {
      client,
      upstream,
      trackers: { toBroker: new PacketBoundaryTracker(), toClient: new PacketBoundaryTracker() },
      cut: false,
    };
    connections.add(connection);
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    upstream.once("connect", () => client.resume());
    client.on("data", (chunk: Buffer) => relay(connection, "toBroker", chunk));
    upstream.on("data", (chunk: Buffer) => relay(connection, "toClient", chunk));
    // A close on one side is passed on to the other, unless a black hole hides it.
    const passOnClose = (other: Socket, hadError: boolean): void => {
      if (connection.cut || blackHoled.size > 0 || other.destroyed) return;
      if (hadError) other.resetAndDestroy();
      else closeGracefully(other);
    };
    client.once("close", (hadError) => passOnClose(upstream, hadError));
    upstream.once("close", (hadError) => passOnClose(client, hadError));
    const forget = (): void => {
      if (client.destroyed && upstream.destroyed) connections.delete(connection);
    };
    client.once("close", forget);
    upstream.once("close", forget);
  };

  const server: Server = createServer(onClientConnection);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("tcp fault proxy: no address");

  const addRule = (makeRule: (done: () => void) => CutRule): Promise<void> =>
    new Promise((resolve) => {
      rules.push(makeRule(resolve));
    });

  return {
    port: address.port,
    get acceptedCount() {
      return accepted;
    },
    get openConnections() {
      return connections.size;
    },
    forward: () => applyAfterCut("forward"),
    blackHole: (directions = ["toBroker", "toClient"]) => {
      for (const direction of directions) blackHoled.add(direction);
    },
    refuseNew: (refuse) => {
      refusing = refuse;
    },
    resetAll: () => {
      for (const connection of connections) {
        connection.cut = true;
        if (!connection.client.destroyed) connection.client.resetAndDestroy();
        if (!connection.upstream.destroyed) connection.upstream.resetAndDestroy();
      }
      connections.clear();
    },
    cutAfterBytes: (direction, bytes, afterCut = "forward") =>
      addRule((done) => ({ kind: "afterBytes", direction, remaining: bytes, afterCut, done })),
    cutBeforePacket: (direction, packetType, afterCut = "forward") =>
      addRule((done) => ({ kind: "beforePacket", direction, packetType, afterCut, done })),
    waitForConnection: (after, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (accepted <= after) return;
          clearTimeout(timer);
          acceptWaiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          acceptWaiters.delete(check);
          reject(new Error(`no new proxy connection within ${timeoutMs} ms`));
        }, timeoutMs);
        acceptWaiters.add(check);
        check();
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) {
        connection.client.destroy();
        connection.upstream.destroy();
      }
      connections.clear();
      rules = [];
      await closed;
    },
  };
}
