// The Node WebSocket layer (websocket-node.ts + websocket-transport.ts) against a local `ws` server: subprotocol
// offered and required, binary frames only, bytes independent of frames, upgrade refusals, close codes, wss.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { ConnectionError } from "../../../src/core/errors.js";
import { composeTransportFactory } from "../../../src/transport/compose.js";
import type { TlsOptions } from "../../../src/transport/tls.js";
import type { Transport } from "../../../src/transport/transport.js";
import type { WebsocketHandshakeTransform } from "../../../src/transport/websocket-handshake.js";
import { getTestCertificates } from "../../support/certificates.js";

interface TestServer {
  readonly port: number;
  readonly upgrades: IncomingMessage[];
  /** Server side of each accepted connection, in order. */
  readonly sockets: WebSocket[];
  nextSocket(): Promise<WebSocket>;
  close(): Promise<void>;
}

interface ServerOptions {
  readonly selectProtocol?: (offered: Set<string>) => string | false;
  /** Answer the upgrade with this HTTP status instead of switching protocols. */
  readonly refuseWith?: number;
  readonly tls?: boolean;
}

async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const upgrades: IncomingMessage[] = [];
  const sockets: WebSocket[] = [];
  const waiting: ((ws: WebSocket) => void)[] = [];
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: options.selectProtocol ?? ((offered) => (offered.has("mqtt") ? "mqtt" : false)),
  });
  const certs = getTestCertificates();
  const server: Server = options.tls === true ? createHttpsServer({ cert: certs.server.cert, key: certs.server.key }) : createHttpServer();
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades.push(request);
    if (options.refuseWith !== undefined) {
      socket.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.push(ws);
      waiting.shift()?.(ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    upgrades,
    sockets,
    nextSocket: () => new Promise((resolve) => waiting.push(resolve)),
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function open(port: number, transform?: WebsocketHandshakeTransform, tls?: TlsOptions, host = "127.0.0.1"): Promise<Transport> {
  return composeTransportFactory({
    host,
    port,
    connectTimeoutMs: 5_000,
    tuning: {},
    tls,
    websocket: transform === undefined ? {} : { handshakeTransform: transform },
  })(new AbortController().signal);
}

async function expectFailure(promise: Promise<unknown>, code: string, message?: RegExp): Promise<ConnectionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a ${code} failure`);
}

const closeOf = (transport: Transport): Promise<Error | undefined> => new Promise((resolve) => transport.onClose(resolve));

test("the upgrade offers subprotocol mqtt, on the transform's path and headers; every write is one binary frame", { timeout: 10_000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const accepted = server.nextSocket();
  const transport = await open(server.port, (request, done) => {
    request.path = "/mqtt?token=abc";
    request.headers.add("X-Attempt", "1");
    done();
  });
  t.after(() => transport.close());
  const upgrade = server.upgrades[0];
  assert.equal(upgrade?.url, "/mqtt?token=abc");
  assert.equal(upgrade?.headers["sec-websocket-protocol"], "mqtt");
  assert.equal(upgrade?.headers["x-attempt"], "1");
  assert.equal(upgrade?.headers.host, "127.0.0.1", "Host without port, as aws-crt sends it");
  assert.equal(upgrade?.headers["sec-websocket-extensions"], undefined, "no permessage-deflate offer");
  const ws = await accepted;
  const frames: [boolean, number[]][] = [];
  const twoFrames = new Promise<void>((resolve) =>
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      frames.push([isBinary, [...data]]);
      if (frames.length === 2) resolve();
    }),
  );
  const first = new Uint8Array([0x10, 0x01, 0x02]);
  await transport.write(first);
  await transport.write(new Uint8Array([0xc0, 0x00]));
  await twoFrames;
  assert.deepEqual(frames, [[true, [0x10, 0x01, 0x02]], [true, [0xc0, 0x00]]]);
  assert.deepEqual([...first], [0x10, 0x01, 0x02], "the caller's bytes are not masked in place");
});

test("frames are only a carrier: split and coalesced frames arrive as the same byte stream, in order", { timeout: 10_000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const accepted = server.nextSocket();
  const transport = await open(server.port);
  t.after(() => transport.close());
  const ws = await accepted;
  const received: number[] = [];
  const all = new Promise<void>((resolve) =>
    transport.onData((bytes) => {
      received.push(...bytes);
      if (received.length === 10) resolve();
    }),
  );
  ws.send(Buffer.from([0x30, 0x05]), { binary: true }); // a packet split across frames…
  ws.send(Buffer.from([0x00, 0x01, 0x74, 0x68, 0x69]), { binary: true });
  ws.send(Buffer.from([0xd0, 0x00, 0xd0]), { binary: true }); // …two PINGRESPs in one frame (the 2nd split)
  await all;
  assert.deepEqual(received, [0x30, 0x05, 0x00, 0x01, 0x74, 0x68, 0x69, 0xd0, 0x00, 0xd0]);
});

test("a server that selects no subprotocol, or another one, fails the attempt [MQTT-6.0.0-4]", { timeout: 10_000 }, async (t) => {
  const none = await startServer({ selectProtocol: () => false });
  t.after(() => none.close());
  await expectFailure(open(none.port), "websocketSubprotocolRejected", /did not select the subprotocol "mqtt" \(it selected none\)/);
  const other = await startServer({ selectProtocol: () => "mqttv3.1" });
  t.after(() => other.close());
  const error = await expectFailure(open(other.port), "websocketSubprotocolRejected", /it selected "mqttv3\.1"/);
  assert.equal(error.error_name, "AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE");
});

test("a text frame from the server closes the connection with a protocol error (1002) [MQTT-6.0.0-1]", { timeout: 10_000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const accepted = server.nextSocket();
  const transport = await open(server.port);
  const ws = await accepted;
  const serverSawClose = new Promise<number>((resolve) => ws.once("close", (code: number) => resolve(code)));
  const delivered: Uint8Array[] = [];
  transport.onData((bytes) => delivered.push(bytes));
  const closed = closeOf(transport);
  ws.send("\x20\x02\x00\x00"); // a CONNACK, but in a text frame
  const error = await closed;
  assert.ok(error instanceof ConnectionError);
  assert.equal(error.code, "websocketProtocolError");
  assert.match(error.message, /text frame/);
  assert.equal(await serverSawClose, 1002);
  assert.equal(delivered.length, 0, "nothing from the text frame reaches the core");
  await assert.rejects(transport.write(new Uint8Array([0xc0, 0x00])), (e: unknown) => e instanceof ConnectionError && e.code === "connectionClosed");
});

test("an upgrade answered with an HTTP error names the status, without the query (it may hold a signature)", { timeout: 10_000 }, async (t) => {
  const server = await startServer({ refuseWith: 403 });
  t.after(() => server.close());
  const error = await expectFailure(
    open(server.port, (request, done) => {
      request.path = "/mqtt?X-Amz-Signature=deadbeef";
      done();
    }),
    "websocketUpgradeFailed",
    /WebSocket upgrade to 127\.0\.0\.1:\d+\/mqtt refused: HTTP 403 Refused/,
  );
  assert.doesNotMatch(error.message, /deadbeef/);
});

test("a server that does not speak HTTP fails the upgrade", { timeout: 10_000 }, async (t) => {
  const server = createTcpServer((socket) => {
    socket.resume(); // read the request, so that the client's FIN is noticed and the socket closes
    socket.end("SSH-2.0-nope\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  await expectFailure(open(address.port), "websocketUpgradeFailed", /did not answer with HTTP|closed during the handshake/);
});

test("close() sends a normal close frame (1000); a server close with 1000 is orderly, with 1011 an error", { timeout: 10_000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  let accepted = server.nextSocket();
  const ours = await open(server.port);
  const serverSide = await accepted;
  const code = new Promise<number>((resolve) => serverSide.once("close", (received: number) => resolve(received)));
  const oursClosed = closeOf(ours);
  ours.close();
  assert.equal(await code, 1000);
  assert.equal(await oursClosed, undefined);

  accepted = server.nextSocket();
  const orderly = await open(server.port);
  const orderlyClosed = closeOf(orderly);
  (await accepted).close(1000);
  assert.equal(await orderlyClosed, undefined);

  accepted = server.nextSocket();
  const failing = await open(server.port);
  const failingClosed = closeOf(failing);
  (await accepted).close(1011, "internal");
  const error = await failingClosed;
  assert.ok(error instanceof ConnectionError);
  assert.equal(error.code, "websocketClosed");
  assert.match(error.message, /code 1011 \(internal\)/);
});

test("wss: TLS with the config's TLS options (verified against the test CA); an unknown CA is a TLS error", { timeout: 10_000 }, async (t) => {
  const server = await startServer({ tls: true });
  t.after(() => server.close());
  const ca = getTestCertificates().ca.cert;
  const accepted = server.nextSocket();
  const transport = await open(server.port, undefined, { ca }, "localhost");
  const ws = await accepted;
  const message = new Promise<Buffer>((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
  await transport.write(new Uint8Array([0xc0, 0x00]));
  assert.deepEqual([...(await message)], [0xc0, 0x00]);
  transport.close();
  await expectFailure(open(server.port, undefined, {}, "localhost"), "tlsUnknownCa");
});

test("a server that never answers the upgrade: the whole chain is bounded by the connect timeout", { timeout: 10_000 }, async (t) => {
  const silent = createTcpServer((socket) => socket.resume());
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    silent.close();
    silent.unref();
  });
  const address = silent.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const factory = composeTransportFactory({ host: "127.0.0.1", port: address.port, connectTimeoutMs: 200, tuning: {}, websocket: {} });
  const started = performance.now();
  await expectFailure(factory(new AbortController().signal), "timeout", new RegExp(`opening the connection to 127\\.0\\.0\\.1:${address.port} timed out after 200 ms`));
  assert.ok(performance.now() - started < 2_000);
});
