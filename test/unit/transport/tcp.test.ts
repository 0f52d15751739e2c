// TCP transport against loopback servers: byte round trip, close semantics, and errors that name their cause
// with the aws-c-io error names (refused, DNS, timeout, reset, abort).
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, Socket, type Server } from "node:net";
import { ConnectionError } from "../../../src/core/errors.js";
import {
  CORKED_FLUSH_BYTES,
  EAGER_WRITE_BYTES,
  SocketTransport,
  createTcpTransportFactory,
  openSocket,
  socketConnectionError,
} from "../../../src/transport/tcp.js";
import { WRITE_ACCEPTED, type Transport } from "../../../src/transport/transport.js";
import { freePort } from "../../support/free-port.js";

async function listen(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return { server, port: address.port };
}

const open = (port: number, host = "127.0.0.1", connectTimeoutMs = 5000): Promise<Transport> =>
  createTcpTransportFactory({ host, port, connectTimeoutMs })(new AbortController().signal);

test("bytes written arrive at the server, bytes sent arrive as plain Uint8Array, write resolves", async (t) => {
  const { server, port } = await listen((socket) => socket.on("data", (data) => socket.write(Buffer.concat([Buffer.from("echo:"), data]))));
  t.after(() => server.close());
  const transport = await open(port);
  const received = new Promise<Uint8Array>((resolve) => transport.onData(resolve));
  await transport.write(new TextEncoder().encode("ping"));
  const chunk = await received;
  assert.equal(Buffer.isBuffer(chunk), false, "no Buffer leaks out of the transport");
  assert.ok(chunk instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(chunk), "echo:ping");
  transport.close();
});

test("a clean close by the server reports no error; writes after close reject with connectionClosed", async (t) => {
  const { server, port } = await listen((socket) => socket.end());
  t.after(() => server.close());
  const transport = await open(port);
  const closeError = await new Promise<Error | undefined>((resolve) => transport.onClose(resolve));
  assert.equal(closeError, undefined);
  await assert.rejects(transport.write(Uint8Array.of(1)), (e) => e instanceof ConnectionError && e.code === "connectionClosed");
  // Registering after the fact still reports the close.
  assert.equal(await new Promise((resolve) => transport.onClose(resolve)), undefined);
});

test("every data and close listener is called (the first ones are held apart from the rest), close once each", async (t) => {
  const { server, port } = await listen((socket) => socket.end("bye"));
  t.after(() => server.close());
  const transport = await open(port);
  const data: string[] = [];
  const closes: string[] = [];
  for (const name of ["a", "b", "c"]) {
    transport.onData((bytes) => data.push(`${name}:${new TextDecoder().decode(bytes)}`));
    transport.onClose((error) => closes.push(`${name}:${String(error)}`));
  }
  await new Promise<void>((resolve) => transport.onClose(() => resolve()));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(data, ["a:bye", "b:bye", "c:bye"]);
  assert.deepEqual(closes, ["a:undefined", "b:undefined", "c:undefined"]);
});

test("a reset by the server reports connectionReset (AWS_IO_SOCKET_CLOSED)", async (t) => {
  const { server, port } = await listen((socket) => setTimeout(() => socket.resetAndDestroy(), 10));
  t.after(() => server.close());
  const transport = await open(port);
  const error = await new Promise<Error | undefined>((resolve) => transport.onClose(resolve));
  assert.ok(error instanceof ConnectionError);
  assert.equal(error.code, "connectionReset");
  assert.equal(error.error_name, "AWS_IO_SOCKET_CLOSED");
  assert.equal(error.error_code, 1051);
});

test("close() by the client ends the connection (the server sees EOF)", async (t) => {
  let serverSide: Socket | undefined;
  const { server, port } = await listen((socket) => (serverSide = socket));
  t.after(() => server.close());
  const transport = await open(port);
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(serverSide !== undefined);
  const ended = once(serverSide, "end");
  transport.close();
  transport.close(); // idempotent
  await ended;
  serverSide.destroy();
});

test("refused connection → connectionRefused, AWS_IO_SOCKET_CONNECTION_REFUSED (1047)", async () => {
  const port = await freePort();
  await assert.rejects(open(port), (error) => {
    assert.ok(error instanceof ConnectionError);
    assert.equal(error.code, "connectionRefused");
    assert.equal(error.error_name, "AWS_IO_SOCKET_CONNECTION_REFUSED");
    assert.equal(error.error_code, 1047);
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    return true;
  });
});

test("unknown host → a DNS error (AWS_IO_DNS_*)", async () => {
  await assert.rejects(open(1883, "no-such-host.invalid"), (error) => {
    assert.ok(error instanceof ConnectionError);
    assert.ok(["hostNotFound", "dnsFailure"].includes(error.code), error.code);
    assert.match(String(error.error_name), /^AWS_IO_DNS_/);
    return true;
  });
});

test("no answer within connectTimeoutMs → timeout, AWS_IO_SOCKET_TIMEOUT (1048)", async () => {
  // A socket that is never connected never emits "connect": only the timer can end the attempt.
  const socket = new Socket();
  await assert.rejects(
    openSocket(() => socket, "connect", { host: "h", port: 1, connectTimeoutMs: 30 }, new AbortController().signal, (e, phase) =>
      socketConnectionError(e, phase, "h:1"),
    ),
    (error) => error instanceof ConnectionError && error.code === "timeout" && error.error_code === 1048,
  );
  assert.equal(socket.destroyed, true);
});

test("aborting the signal cancels the attempt and destroys the socket", async () => {
  const socket = new Socket();
  const controller = new AbortController();
  const attempt = openSocket(() => socket, "connect", { host: "h", port: 1 }, controller.signal, (e, phase) => socketConnectionError(e, phase, "h:1"));
  controller.abort();
  await assert.rejects(attempt, (error) => error instanceof ConnectionError && error.code === "aborted");
  assert.equal(socket.destroyed, true);
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(
    createTcpTransportFactory({ host: "127.0.0.1", port: 1 })(aborted.signal),
    (error) => error instanceof ConnectionError && error.code === "aborted",
  );
});

test("TCP_NODELAY is on by default and can be turned off; keep-alive only when asked", async (t) => {
  const { server, port } = await listen(() => undefined);
  t.after(() => server.close());
  for (const [options, expectedNoDelay, expectedKeepAlive] of [
    [{}, true, undefined],
    [{ noDelay: false, keepAlive: true, keepAliveIntervalSeconds: 7 }, false, [true, 7000]],
  ] as const) {
    const calls: { noDelay?: boolean | undefined; keepAlive?: [boolean | undefined, number | undefined] } = {};
    const transport = await openSocket(
      () => {
        const socket = new Socket();
        socket.setNoDelay = function (noDelay?: boolean) {
          calls.noDelay = noDelay;
          return this;
        };
        socket.setKeepAlive = function (enable?: boolean, delay?: number) {
          calls.keepAlive = [enable, delay];
          return this;
        };
        return socket.connect(port, "127.0.0.1");
      },
      "connect",
      { host: "127.0.0.1", port, ...options },
      new AbortController().signal,
      (e, phase) => socketConnectionError(e, phase, "x"),
    );
    assert.equal(calls.noDelay, expectedNoDelay);
    assert.deepEqual(calls.keepAlive, expectedKeepAlive);
    transport.close();
  }
});

test("writes of one turn are corked; past CORKED_FLUSH_BYTES they go to the OS at once, still accepted", async (t) => {
  const chunk = new Uint8Array(1024);
  const total = 200 * chunk.byteLength;
  let received = 0;
  let allReceived!: () => void;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const { server, port } = await listen((peer) =>
    peer.on("data", (data: Buffer) => {
      received += data.length;
      if (received === total) allReceived();
    }),
  );
  t.after(() => server.close());
  const socket = new Socket();
  socket.connect(port, "127.0.0.1");
  await once(socket, "connect");
  const transport = new SocketTransport(socket, (error) => socketConnectionError(error, "connected", "test"));
  t.after(() => transport.close());
  // Small writes of one turn wait corked for the turn's end.
  assert.equal(transport.write(chunk), WRITE_ACCEPTED);
  assert.equal(socket.writableCorked, 1);
  for (let i = 1; i < 200; i++) assert.equal(transport.write(chunk), WRITE_ACCEPTED, `write ${i}`);
  // 200 KiB in one synchronous run: the socket was uncorked at every 64 KiB, so less than that still waits.
  assert.ok(total <= EAGER_WRITE_BYTES);
  assert.ok(socket.writableLength < CORKED_FLUSH_BYTES, `${socket.writableLength} bytes still buffered`);
  await done;
  assert.equal(received, total);
});

test("unknown socket errors keep their message and get a generic code", () => {
  const error = socketConnectionError(Object.assign(new Error("weird"), { code: "EWEIRD" }), "connected", "h:1");
  assert.equal(error.code, "socketError");
  assert.match(error.message, /weird/);
  assert.equal((error as { cause?: unknown }).cause instanceof Error, true);
});
