// A small WebSocket server (on `ws`) in front of a plain-TCP MQTT broker: it records every upgrade request
// (path, headers, offered subprotocols) and relays bytes both ways, so tests can observe what a client's handshake
// transform put on the wire, force reconnects (dropAll), send text frames, refuse the "mqtt" subprotocol, and
// re-frame the broker's bytes (several packets per frame, or packets split across frames [MQTT-6.0.0-2]).
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface RecordedUpgrade {
  /** Path and query as requested. */
  readonly url: string;
  /** Header lines as received, in order. */
  readonly rawHeaders: readonly (readonly [string, string])[];
  readonly offeredProtocols: readonly string[];
  header(name: string): string | undefined;
}

/** How bytes from the broker are put into frames towards the client. */
export type Framing =
  | { readonly kind: "asReceived" }
  /** Every frame carries at most `bytes` bytes: packets split across frames. */
  | { readonly kind: "split"; readonly bytes: number }
  /** Bytes are collected for `ms` and sent as one frame: several packets per frame. */
  | { readonly kind: "coalesce"; readonly ms: number };

export interface WebSocketRelayOptions {
  readonly upstreamPort: number;
  readonly upstreamHost?: string;
  /** Which subprotocol the relay answers; default "mqtt" when offered, otherwise none. */
  readonly selectProtocol?: (offered: ReadonlySet<string>) => string | false;
  readonly framing?: Framing;
}

export interface WebSocketRelay {
  readonly port: number;
  readonly upgrades: RecordedUpgrade[];
  /** Frames sent to clients so far, and text frames received from them (MQTT allows none). */
  readonly stats: { framesToClient: number; binaryFramesFromClient: number; textFramesFromClient: number };
  setFraming(framing: Framing): void;
  /** Drops every client connection abruptly (no close frame), as a network failure would. */
  dropAll(): void;
  /** Sends a text frame to every client. */
  sendTextToAll(text: string): void;
  /** Resolves when `count` upgrades have been recorded. */
  waitForUpgrades(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function record(request: IncomingMessage, offered: readonly string[]): RecordedUpgrade {
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) rawHeaders.push([request.rawHeaders[i] ?? "", request.rawHeaders[i + 1] ?? ""]);
  return {
    url: request.url ?? "",
    rawHeaders,
    offeredProtocols: offered,
    header: (name) => rawHeaders.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
  };
}

export async function startWebSocketRelay(options: WebSocketRelayOptions): Promise<WebSocketRelay> {
  const upgrades: RecordedUpgrade[] = [];
  const stats = { framesToClient: 0, binaryFramesFromClient: 0, textFramesFromClient: 0 };
  const live = new Set<{ ws: WebSocket; upstream: Socket }>();
  const waiters = new Set<() => void>();
  let framing: Framing = options.framing ?? { kind: "asReceived" };
  const select = options.selectProtocol ?? ((offered) => (offered.has("mqtt") ? "mqtt" : false));

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => select(offered) });
  const http: Server = createServer((_request, response) => {
    response.writeHead(426, { "content-type": "text/plain" }).end("WebSocket only");
  });
  http.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "");
    upgrades.push(record(request, offered));
    for (const wake of waiters) wake();
    wss.handleUpgrade(request, socket, head, (ws) => relay(ws));
  });

  const sendFrame = (ws: WebSocket, bytes: Uint8Array): void => {
    stats.framesToClient++;
    ws.send(bytes, { binary: true });
  };

  function relay(ws: WebSocket): void {
    const upstream = connect({ port: options.upstreamPort, host: options.upstreamHost ?? "127.0.0.1" });
    const entry = { ws, upstream };
    live.add(entry);
    let pending: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    upstream.on("data", (chunk: Buffer) => {
      const mode = framing;
      if (mode.kind === "asReceived") sendFrame(ws, chunk);
      else if (mode.kind === "split") {
        for (let offset = 0; offset < chunk.length; offset += mode.bytes) sendFrame(ws, chunk.subarray(offset, offset + mode.bytes));
      } else {
        pending.push(chunk);
        timer ??= setTimeout(() => {
          timer = undefined;
          const joined = Buffer.concat(pending);
          pending = [];
          if (ws.readyState === ws.OPEN) sendFrame(ws, joined);
        }, mode.ms);
      }
    });
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        stats.textFramesFromClient++;
        return;
      }
      stats.binaryFramesFromClient++;
      upstream.write(data);
    });
    const end = (): void => {
      live.delete(entry);
      clearTimeout(timer);
      upstream.destroy();
      if (ws.readyState === ws.OPEN) ws.close();
    };
    ws.on("close", end);
    ws.on("error", end);
    upstream.on("close", end);
    upstream.on("error", end);
  }

  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  if (address === null || typeof address === "string") throw new Error("relay: no port");

  return {
    port: address.port,
    upgrades,
    stats,
    setFraming: (next) => {
      framing = next;
    },
    dropAll: () => {
      for (const { ws, upstream } of [...live]) {
        ws.terminate();
        upstream.destroy();
      }
    },
    sendTextToAll: (text) => {
      for (const { ws } of live) ws.send(text);
    },
    waitForUpgrades: (count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (upgrades.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`relay saw ${upgrades.length} upgrades, expected ${count} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      for (const { ws, upstream } of [...live]) {
        ws.terminate();
        upstream.destroy();
      }
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
