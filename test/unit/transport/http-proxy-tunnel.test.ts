// The CONNECT tunnel layer against a scripted in-process proxy: what is sent, bytes after the 200 reaching the
// layer above, early/garbled/slow answers, the proxy being down, the overall deadline and abort — each failure
// a ConnectionError naming the cause.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { ConnectionError } from "../../../src/core/errors.js";
import { ProxyCredentials } from "../../../src/transport/http-connect.js";
import { connectThroughHttpProxy } from "../../../src/transport/http-proxy.js";
import { socketTransport, withOpenTimeout } from "../../../src/transport/socket-layers.js";
import { socketConnectionError } from "../../../src/transport/tcp.js";
import type { Transport } from "../../../src/transport/transport.js";
import { freePort } from "../../support/free-port.js";

interface ScriptedProxy {
  readonly port: number;
  /** Every request head received. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A proxy that reads the CONNECT head and then runs `answer` on the client socket. */
async function startScriptedProxy(answer: (socket: Socket, head: string) => void): Promise<ScriptedProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let received = "";
    const onData = (chunk: Buffer): void => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.removeListener("data", onData);
      requests.push(received.slice(0, end + 4));
      answer(socket, received.slice(0, end + 4));
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const TARGET = { host: "broker.example", port: 1883 };

function open(proxyPort: number, credentials?: ProxyCredentials, timeoutMs = 5_000, signal = new AbortController().signal): Promise<Transport> {
  const tunnel = connectThroughHttpProxy({ host: "127.0.0.1", port: proxyPort, credentials }, TARGET);
  const factory = withOpenTimeout(socketTransport(tunnel, (error) => socketConnectionError(error, "connected", "broker.example:1883")), timeoutMs, "broker.example:1883");
  return factory(signal);
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

test("200: the tunnel carries bytes both ways; bytes sent right after the 200 are not lost", { timeout: 10_000 }, async (t) => {
  const proxy = await startScriptedProxy((socket) => {
    // The 200 and the first tunnelled bytes in one TCP segment.
    socket.write("HTTP/1.1 200 Connection established\r\n\r\n\x20\x03\x00\x00\x00");
    socket.on("data", (chunk: Buffer) => socket.write(chunk)); // then echo
  });
  t.after(() => proxy.close());
  const transport = await open(proxy.port, new ProxyCredentials("user", "pw"));
  const received: number[] = [];
  const gotAll = new Promise<void>((resolve) =>
    transport.onData((bytes) => {
      received.push(...bytes);
      if (received.length >= 8) resolve();
    }),
  );
  await transport.write(new Uint8Array([0xc0, 0x00, 0xe0]));
  await gotAll;
  assert.deepEqual(received, [0x20, 0x03, 0x00, 0x00, 0x00, 0xc0, 0x00, 0xe0]);
  assert.equal(proxy.requests[0], `CONNECT broker.example:1883 HTTP/1.1\r\nHost: broker.example:1883\r\nProxy-Authorization: Basic ${Buffer.from("user:pw").toString("base64")}\r\n\r\n`);
  transport.close();
});

test("a response head split into single bytes still opens the tunnel", { timeout: 10_000 }, async (t) => {
  const proxy = await startScriptedProxy((socket) => {
    const text = "HTTP/1.0 200 OK\r\nProxy-Agent: slow\r\n\r\n";
    let index = 0;
    const timer = setInterval(() => {
      if (index >= text.length) {
        clearInterval(timer);
        return;
      }
      socket.write(text.charAt(index++));
    }, 1);
  });
  t.after(() => proxy.close());
  const transport = await open(proxy.port);
  transport.close();
});

test("407 / 401 / 403 / 500 answers are typed failures, and the socket is closed", { timeout: 10_000 }, async (t) => {
  const answers: Record<string, string> = {
    proxyAuthenticationRequired: "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n",
    proxyAuthenticationFailed: "HTTP/1.0 401 Unauthorized\r\n\r\n<html>…</html>",
    proxyForbidden: "HTTP/1.1 403 Access violation\r\n\r\n",
    proxyTargetUnreachable: "HTTP/1.1 500 Unable to connect\r\n\r\n",
  };
  for (const [code, answer] of Object.entries(answers)) {
    let proxySocketClosed!: Promise<void>;
    const proxy = await startScriptedProxy((socket) => {
      proxySocketClosed = new Promise((resolve) => socket.once("close", () => resolve()));
      socket.write(answer);
    });
    t.after(() => proxy.close());
    const credentials = code === "proxyAuthenticationRequired" ? undefined : new ProxyCredentials("user", "wrong");
    await expectFailure(open(proxy.port, credentials), code, new RegExp(`HTTP proxy 127\\.0\\.0\\.1:${proxy.port}`));
    await proxySocketClosed;
  }
});

test("the proxy closing without an answer, or answering garbage, fails the attempt", { timeout: 10_000 }, async (t) => {
  const closing = await startScriptedProxy((socket) => socket.end());
  t.after(() => closing.close());
  await expectFailure(open(closing.port), "proxyConnectFailed", /closed the connection without answering CONNECT/);
  const garbage = await startScriptedProxy((socket) => socket.write("220 smtp.example ESMTP\r\n\r\n"));
  t.after(() => garbage.close());
  await expectFailure(open(garbage.port), "proxyProtocolError", /invalid answer to CONNECT/);
});

test("the proxy down: proxyConnectionFailed, with the socket error (refused) inside", { timeout: 10_000 }, async () => {
  const port = await freePort();
  const error = await expectFailure(open(port), "proxyConnectionFailed", new RegExp(`connecting to HTTP proxy 127\\.0\\.0\\.1:${port}: connection refused`));
  assert.equal(error.error_name, "AWS_IO_SOCKET_CONNECTION_REFUSED");
  assert.ok((error as { cause?: unknown }).cause instanceof ConnectionError);
});

test("a proxy that never answers: the overall deadline fails the attempt with a timeout", { timeout: 10_000 }, async (t) => {
  const silent = await startScriptedProxy(() => undefined);
  t.after(() => silent.close());
  const started = Date.now();
  await expectFailure(open(silent.port, undefined, 200), "timeout", /opening the connection to broker\.example:1883 timed out after 200 ms/);
  assert.ok(Date.now() - started < 2_000);
});

test("aborting while waiting for the answer cancels the attempt", { timeout: 10_000 }, async (t) => {
  const silent = await startScriptedProxy(() => undefined);
  t.after(() => silent.close());
  const controller = new AbortController();
  const attempt = open(silent.port, undefined, 5_000, controller.signal);
  setTimeout(() => controller.abort(), 50);
  await expectFailure(attempt, "aborted");
});
