// Raw byte connections to a broker over each transport, for tests that speak MQTT with hand-made or
// codec-made bytes: `write(bytes)` and read back (`read`, `readExactly`, `readMqttFrame`) with a timeout.
// Over WebSocket every write is one binary frame and received frames are reassembled into a byte stream.
import type { Socket } from "node:net";
import type { ConnectionOptions } from "node:tls";
import {
  DEFAULT_TIMEOUT_MS,
  Inbox,
  attachPlain,
  connectTls,
  makeConnection,
  openPlainSocket,
  type RawConnection,
  type RawTcpOptions,
  type RawTlsOptions,
} from "./raw-connection.js";
import {
  WebSocketFrameDecoder,
  WebSocketMessageAssembler,
  WebSocketOpcode,
  buildUpgradeRequest,
  encodeClientFrame,
  expectedAccept,
  newWebSocketKey,
} from "./websocket-frames.js";
import type { TestCertificates } from "./certificates.js";

export type { MqttFrame, RawConnection, RawTcpOptions, RawTlsOptions } from "./raw-connection.js";

export interface RawWebSocketConnection extends RawConnection {
  readonly upgradeResponse: { readonly statusLine: string; readonly headers: ReadonlyMap<string, string> };
  sendFrame(opcode: number, payload: Uint8Array, fin?: boolean): void;
}

export async function openRawTcp(options: RawTcpOptions): Promise<RawConnection> {
  return attachPlain(await openPlainSocket(options));
}

/**
 * Resolves after the TLS handshake. With TLS 1.3 a server that rejects the client certificate says so only
 * after the client's handshake is complete: expect the rejection from `waitForClose()` or the first read.
 */
export async function openRawTls(options: RawTlsOptions): Promise<RawConnection> {
  return attachPlain(await connectTls(options));
}

export interface RawWebSocketOptions extends RawTlsOptions {
  /** Default "/mqtt". */
  readonly path?: string;
  /** Default "mqtt". */
  readonly protocol?: string;
  /** Use TLS (wss) with these options; plain ws when absent. */
  readonly tls?: ConnectionOptions;
}

export async function openRawWebSocket(options: RawWebSocketOptions): Promise<RawWebSocketConnection> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const socket = options.tls !== undefined ? await connectTls(options) : await openPlainSocket(options);
  const key = newWebSocketKey();
  const host = options.host ?? "127.0.0.1";
  socket.write(buildUpgradeRequest(`${host}:${options.port}`, options.path ?? "/mqtt", options.protocol ?? "mqtt", key));
  const { response, leftover } = await readUpgradeResponse(socket, timeoutMs);
  if (!/^HTTP\/1\.1 101\b/.test(response.statusLine)) {
    socket.destroy();
    throw new Error(`WebSocket upgrade refused: ${response.statusLine}`);
  }
  if (response.headers.get("sec-websocket-accept") !== expectedAccept(key)) {
    socket.destroy();
    throw new Error("WebSocket upgrade: wrong Sec-WebSocket-Accept");
  }

  const inbox = new Inbox();
  const decoder = new WebSocketFrameDecoder();
  const assembler = new WebSocketMessageAssembler();
  const sendFrame = (opcode: number, payload: Uint8Array, fin = true): void => {
    if (!socket.destroyed) socket.write(encodeClientFrame(opcode, payload, fin));
  };
  const onBytes = (chunk: Uint8Array): void => {
    for (const frame of decoder.push(chunk)) {
      if (frame.opcode === WebSocketOpcode.Ping) sendFrame(WebSocketOpcode.Pong, frame.payload);
      else if (frame.opcode === WebSocketOpcode.Close) {
        sendFrame(WebSocketOpcode.Close, frame.payload.subarray(0, 2));
        socket.end();
        inbox.end();
      } else if (frame.opcode !== WebSocketOpcode.Pong) {
        const message = assembler.accept(frame);
        if (message !== undefined && message.length > 0) inbox.push(message);
      }
    }
  };
  socket.on("data", (chunk: Buffer) => onBytes(new Uint8Array(chunk)));
  socket.on("error", (error) => inbox.end(error));
  socket.on("close", () => inbox.end());
  if (leftover.length > 0) onBytes(leftover);

  const close = (): void => {
    sendFrame(WebSocketOpcode.Close, new Uint8Array([0x03, 0xe8])); // 1000 normal closure
    socket.destroy();
  };
  const connection = makeConnection(socket, inbox, (bytes) => sendFrame(WebSocketOpcode.Binary, bytes), close);
  return Object.assign(connection, { upgradeResponse: response, sendFrame });
}

interface UpgradeResponse {
  readonly statusLine: string;
  readonly headers: ReadonlyMap<string, string>;
}

function readUpgradeResponse(socket: Socket, timeoutMs: number): Promise<{ response: UpgradeResponse; leftover: Uint8Array }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`no WebSocket upgrade response within ${timeoutMs} ms`)), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.removeListener("data", onData);
      socket.removeListener("error", fail);
      socket.removeListener("close", onClose);
    };
    const fail = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onClose = (): void => fail(new Error("connection closed during the WebSocket upgrade"));
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      cleanup();
      const [statusLine = "", ...headerLines] = received.subarray(0, end).toString("latin1").split("\r\n");
      const headers = new Map<string, string>();
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      resolve({ response: { statusLine, headers }, leftover: new Uint8Array(received.subarray(end + 4)) });
    };
    socket.on("data", onData);
    socket.once("error", fail);
    socket.once("close", onClose);
  });
}

/** The parts of a started broker the helpers below need (structurally a MosquittoBroker). */
export interface BrokerEndpoints {
  readonly host: string;
  readonly ports: Readonly<Record<"tcp" | "tls" | "mtls" | "ws" | "wss" | "auth", number>>;
  readonly certs: TestCertificates;
}

/**
 * Opens a raw connection to one of a test broker's listeners with the right TLS material: the CA for
 * tls/wss, the CA and the test client certificate for mtls (override through `tls`).
 */
export function openRawToBroker(
  broker: BrokerEndpoints,
  listener: keyof BrokerEndpoints["ports"],
  tls: ConnectionOptions = {},
): Promise<RawConnection> {
  const port = broker.ports[listener];
  const host = broker.host;
  const ca = broker.certs.ca.cert;
  switch (listener) {
    case "tcp":
    case "auth":
      return openRawTcp({ port, host });
    case "tls":
      return openRawTls({ port, host, tls: { ca, ...tls } });
    case "mtls":
      return openRawTls({ port, host, tls: { ca, cert: broker.certs.client.cert, key: broker.certs.client.key, ...tls } });
    case "ws":
      return openRawWebSocket({ port, host });
    case "wss":
      return openRawWebSocket({ port, host, tls: { ca, ...tls } });
  }
}
