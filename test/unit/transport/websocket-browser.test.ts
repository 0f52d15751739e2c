// The browser WebSocket transport against a scripted WebSocket and a scripted network status: how it opens
// (URL per attempt, sub-protocol, binaryType), every way opening fails (typed ConnectionErrors that never show the
// URL's query), data and close handling, send-buffer backpressure, and the offline/online behaviour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionError } from "../../../src/core/errors.js";
import type { Transport } from "../../../src/transport/transport.js";
import {
  createBrowserWebSocketTransportFactory,
  type BrowserWebSocketOptions,
  type NetworkStatusSource,
  type WebSocketLike,
} from "../../../src/transport/websocket-browser.js";

class FakeWebSocket implements WebSocketLike {
  binaryType = "blob";
  readyState = 0;
  bufferedAmount = 0;
  protocol = "";
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { readonly code: number; readonly reason: string; readonly wasClean: boolean }) => void) | null = null;
  readonly sent: Uint8Array[] = [];
  readonly closeCodes: (number | undefined)[] = [];

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}

  send(data: Uint8Array): void {
    this.sent.push(data.slice());
  }

  close(code?: number): void {
    this.closeCodes.push(code);
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  fail(code = 1006, reason = ""): void {
    this.onerror?.({});
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: false });
  }

  receive(data: unknown): void {
    this.onmessage?.({ data });
  }
}

/** A WebSocket class whose instances the test can reach; `throwing` makes the constructor throw. */
function webSocketClass(throwing?: Error) {
  const instances: FakeWebSocket[] = [];
  const Class = class extends FakeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      if (throwing !== undefined) throw throwing;
      super(url, protocols);
      instances.push(this);
    }
  };
  return { Class, instances };
}

class FakeNetwork implements NetworkStatusSource {
  onLine = true;
  readonly listeners = { online: new Set<() => void>(), offline: new Set<() => void>() };
  addEventListener(type: "online" | "offline", listener: () => void): void {
    this.listeners[type].add(listener);
  }
  removeEventListener(type: "online" | "offline", listener: () => void): void {
    this.listeners[type].delete(listener);
  }
  set(onLine: boolean): void {
    this.onLine = onLine;
    for (const listener of [...this.listeners[onLine ? "online" : "offline"]]) listener();
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(options: Partial<BrowserWebSocketOptions> = {}, throwing?: Error) {
  const sockets = webSocketClass(throwing);
  const network = new FakeNetwork();
  const urls: AbortSignal[] = [];
  const factory = createBrowserWebSocketTransportFactory({
    url: (signal) => {
      urls.push(signal);
      return "wss://broker.example:8443/mqtt?X-Amz-Signature=secret123";
    },
    webSocket: sockets.Class,
    networkStatus: network,
    ...options,
  });
  return { factory, sockets: sockets.instances, network, urls };
}

async function opened(options: Partial<BrowserWebSocketOptions> = {}) {
  const context = setup(options);
  const promise = context.factory(new AbortController().signal);
  await tick();
  const socket = context.sockets[0];
  assert.ok(socket !== undefined, "a WebSocket was created");
  socket.open();
  const transport = await promise;
  return { ...context, socket, transport };
}

function closeWatcher(transport: Transport): Promise<Error | undefined> {
  return new Promise((resolve) => transport.onClose(resolve));
}

async function rejection(promise: Promise<unknown>): Promise<ConnectionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

test("opens the attempt's URL with sub-protocol mqtt and binaryType arraybuffer; moves bytes both ways", async () => {
  const { socket, transport, urls } = await opened();
  assert.equal(urls.length, 1);
  assert.equal(socket.url, "wss://broker.example:8443/mqtt?X-Amz-Signature=secret123");
  assert.equal(socket.protocols, "mqtt");
  assert.equal(socket.binaryType, "arraybuffer");
  const received: number[][] = [];
  transport.onData((bytes) => received.push([...bytes]));
  socket.receive(new Uint8Array([0x20, 0x02, 0, 0]).buffer);
  assert.deepEqual(received, [[0x20, 0x02, 0, 0]]);
  await transport.write(new Uint8Array([0xc0, 0x00]));
  assert.deepEqual(socket.sent.map((bytes) => [...bytes]), [[0xc0, 0x00]]);
  const closed = closeWatcher(transport);
  transport.close();
  assert.equal(await closed, undefined);
  assert.deepEqual(socket.closeCodes, [1000]);
  await assert.rejects(transport.write(new Uint8Array([1])), (error) => error instanceof ConnectionError && error.code === "connectionClosed");
});

test("custom protocols; an async URL; URL failures become websocketUrl errors unless already a ConnectionError", async () => {
  const { socket } = await opened({ protocols: ["mqttv5", "mqtt"], url: async () => "ws://h:1/x" });
  assert.deepEqual(socket.protocols, ["mqttv5", "mqtt"]);
  const failing = setup({ url: () => Promise.reject(new Error("no token")) });
  const error = await rejection(failing.factory(new AbortController().signal));
  assert.equal(error.code, "websocketUrl");
  assert.match(error.message, /no token/);
  const typed = new ConnectionError("credentialsUnavailable", "no credentials");
  const passing = setup({ url: () => Promise.reject(typed) });
  assert.equal(await rejection(passing.factory(new AbortController().signal)), typed);
});

test("a URL the WebSocket constructor rejects → invalidUrl; the message shows the URL without its query", async () => {
  const { factory } = setup({}, new SyntaxError("The URL's scheme must be either 'ws' or 'wss'"));
  const error = await rejection(factory(new AbortController().signal));
  assert.equal(error.code, "invalidUrl");
  assert.equal(error.error_name, "AWS_ERROR_INVALID_ARGUMENT");
  assert.match(error.message, /wss:\/\/broker\.example:8443\/mqtt\?…/);
  assert.doesNotMatch(error.message, /secret123/);
});

test("a failed handshake (error, then close 1006) → websocketFailed naming the close code, query hidden", async () => {
  const { factory, sockets } = setup();
  const promise = factory(new AbortController().signal);
  await tick();
  sockets[0]?.fail(1006);
  const error = await rejection(promise);
  assert.equal(error.code, "websocketFailed");
  assert.match(error.message, /close code 1006/);
  assert.doesNotMatch(error.message, /secret123/);
});

test("opening is bounded by connectTimeoutMs and can be aborted (before and during); the socket is closed", async () => {
  const slow = setup({ connectTimeoutMs: 20 });
  const timedOut = await rejection(slow.factory(new AbortController().signal));
  assert.equal(timedOut.code, "timeout");
  assert.deepEqual(slow.sockets[0]?.closeCodes, [1000]);

  const aborting = setup();
  const controller = new AbortController();
  const promise = aborting.factory(controller.signal);
  await tick();
  controller.abort();
  assert.equal((await rejection(promise)).code, "aborted");
  assert.deepEqual(aborting.sockets[0]?.closeCodes, [1000]);

  const early = setup();
  const aborted = new AbortController();
  aborted.abort();
  assert.equal((await rejection(early.factory(aborted.signal))).code, "aborted");
  assert.equal(early.urls.length, 0, "no URL was built");
});

test("the peer closing: code 1000 → orderly (no error); another code → websocketClosed with the code and reason", async () => {
  const orderly = await opened();
  const orderlyClosed = closeWatcher(orderly.transport);
  orderly.socket.onclose?.({ code: 1000, reason: "", wasClean: true });
  assert.equal(await orderlyClosed, undefined);

  const abrupt = await opened();
  const abruptClosed = closeWatcher(abrupt.transport);
  abrupt.socket.fail(1011, "internal error");
  const error = await abruptClosed;
  assert.ok(error instanceof ConnectionError);
  assert.equal(error.code, "websocketClosed");
  assert.match(error.message, /1011: internal error/);
  // A listener registered after the close still hears about it, with the same error.
  assert.equal(await closeWatcher(abrupt.transport), error);
});

test("a text frame is not MQTT: the transport closes with websocketTextFrame and delivers nothing", async () => {
  const { socket, transport } = await opened();
  const received: Uint8Array[] = [];
  transport.onData((bytes) => received.push(bytes));
  const closed = closeWatcher(transport);
  socket.receive("hello");
  const error = await closed;
  assert.ok(error instanceof ConnectionError && error.code === "websocketTextFrame");
  socket.receive(new Uint8Array([1]).buffer);
  assert.equal(received.length, 0);
});

test("write() waits while the send buffer is above the high-water mark and fails if the socket closes meanwhile", async () => {
  const { socket, transport } = await opened({ highWaterMarkBytes: 100 });
  socket.bufferedAmount = 500;
  let done = false;
  const write = transport.write(new Uint8Array(10)).then(() => {
    done = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(done, false, "still waiting for the buffer to drain");
  socket.bufferedAmount = 50;
  await write;
  assert.equal(done, true);

  socket.bufferedAmount = 500;
  const pending = transport.write(new Uint8Array(10));
  socket.fail(1006);
  await assert.rejects(pending, (error) => error instanceof ConnectionError && error.code === "connectionClosed");
});

test("offline: an attempt waits for `online` (no WebSocket, no URL until then) and can be aborted while waiting", async () => {
  const { factory, sockets, network, urls } = setup();
  network.onLine = false;
  const promise = factory(new AbortController().signal);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(sockets.length, 0);
  assert.equal(urls.length, 0);
  network.set(true);
  await tick();
  sockets[0]?.open();
  await promise;
  assert.equal(network.listeners.online.size, 0, "the online listener was removed");

  network.onLine = false;
  const controller = new AbortController();
  const waiting = factory(controller.signal);
  controller.abort();
  assert.equal((await rejection(waiting)).code, "aborted");
  assert.equal(network.listeners.online.size, 0);
});

test("an open connection closes itself with networkOffline when the tab goes offline; its listener is removed", async () => {
  const { socket, transport, network } = await opened();
  assert.equal(network.listeners.offline.size, 1);
  const closed = closeWatcher(transport);
  network.set(false);
  const error = await closed;
  assert.ok(error instanceof ConnectionError && error.code === "networkOffline");
  assert.deepEqual(socket.closeCodes, [1000]);
  assert.equal(network.listeners.offline.size, 0);
});

test("without a WebSocket implementation the attempt fails with websocketUnavailable", async () => {
  const scope = globalThis as { WebSocket?: unknown };
  const saved = Object.getOwnPropertyDescriptor(scope, "WebSocket");
  Object.defineProperty(scope, "WebSocket", { value: undefined, configurable: true, writable: true });
  try {
    const factory = createBrowserWebSocketTransportFactory({ url: () => "ws://h:1/mqtt", networkStatus: null });
    assert.equal((await rejection(factory(new AbortController().signal))).code, "websocketUnavailable");
  } finally {
    if (saved === undefined) delete scope.WebSocket;
    else Object.defineProperty(scope, "WebSocket", saved);
  }
});
