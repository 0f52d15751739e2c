// MQTT over WebSocket in Node (MQTT 5 §6), on the `ws` package, loaded on first use so that clients that never
// use WebSocket never load it. The top layer of a composed transport: it runs the handshake transform, takes the
// socket the layers below opened (TCP, proxy tunnel, TLS), upgrades it with subprotocol "mqtt" and adapts the
// WebSocket to the byte-stream Transport (websocket-transport.ts). MQTT packets and frames are independent
// [MQTT-6.0.0-2]: the core's streaming decoder reassembles whatever the frames carry.
import type { Socket } from "node:net";
import type { ClientOptions, WebSocket as WsWebSocket } from "ws";
import { PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES } from "../core/codec/codec-context.js";
import { ConnectionError } from "../core/errors.js";
import { authority } from "./http-connect.js";
import { abortReason, type SocketFactory } from "./socket-layers.js";
import type { Transport, TransportFactory } from "./transport.js";
import {
  MQTT_SUBPROTOCOL,
  buildUpgradeRequest,
  runHandshakeTransform,
  upgradeTarget,
  type UpgradeTarget,
  type WebSocketSettings,
} from "./websocket-handshake.js";
import { WebSocketTransport, websocketProtocolError } from "./websocket-transport.js";

type WsModule = typeof import("ws");
type WsConstructor = WsModule["WebSocket"];

let wsModule: Promise<WsModule> | undefined;

/** Loads `ws` once; a failed load is retried on the next attempt. */
async function loadWebSocketLibrary(): Promise<WsConstructor> {
  wsModule ??= import("ws");
  try {
    return (await wsModule).WebSocket;
  } catch (error) {
    wsModule = undefined;
    throw new ConnectionError("websocketUnavailable", `MQTT over WebSocket needs the 'ws' package, which could not be loaded: ${String(error)}`, {
      cause: error,
    });
  }
}

export interface WebSocketLayerOptions {
  /** The broker: URL, `Host` header and error messages. */
  readonly host: string;
  readonly port: number;
  /** wss (the socket below is TLS) or ws. */
  readonly secure: boolean;
  readonly settings: WebSocketSettings;
  /** Names errors of the socket below (TCP or TLS), for the given phase. */
  readonly mapSocketError: (error: Error, phase: "connect" | "connected") => ConnectionError;
}

/** The WebSocket layer: transform, socket from `inner`, upgrade, Transport. */
export function websocketTransport(inner: SocketFactory, options: WebSocketLayerOptions): TransportFactory {
  return async (signal) => {
    // aws-crt order: the transform runs first, so a failing signer costs no connection.
    const request = buildUpgradeRequest(options.host);
    const transform = options.settings.handshakeTransform;
    if (transform !== undefined) await runHandshakeTransform(transform, request, signal, () => abortReason(signal));
    const target = upgradeTarget(request);
    const WebSocket = await loadWebSocketLibrary();
    if (signal.aborted) throw abortReason(signal);
    const socket = await inner(signal);
    return upgrade(WebSocket, socket, target, options, signal);
  };
}

function upgradeFailure(code: string, message: string, cause?: unknown): ConnectionError {
  const options: { cause?: unknown; crtName: string; crtCode: number } = { crtName: "AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE", crtCode: 2065 };
  if (cause !== undefined) options.cause = cause;
  return new ConnectionError(code, message, options);
}

function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}

/** Sends the upgrade request on `socket` and resolves with the Transport once the server switched protocols. */
function upgrade(
  WebSocket: WsConstructor,
  socket: Socket,
  target: UpgradeTarget,
  options: WebSocketLayerOptions,
  signal: AbortSignal,
): Promise<Transport> {
  const where = `${authority(options)}${target.path.split("?", 1)[0] ?? ""}`; // the query may hold signatures
  const mapConnected = (error: Error): ConnectionError =>
    (error as NodeJS.ErrnoException).code?.startsWith("WS_ERR_") === true ? websocketProtocolError(error.message, error) : options.mapSocketError(error, "connected");
  return new Promise<Transport>((resolve, reject) => {
    if (signal.aborted) {
      socket.destroy();
      reject(abortReason(signal));
      return;
    }
    const url = `${options.secure ? "wss" : "ws"}://${authority(options)}${target.path}`;
    const clientOptions: ClientOptions = {
      // The layers below already opened (and secured) the connection: ws only speaks HTTP and WebSocket on it.
      createConnection: () => socket,
      // Node sends repeated names as several lines; ws passes the headers through to http.request untouched.
      headers: target.headers as Record<string, string>,
      perMessageDeflate: false, // aws-crt offers no extension; MQTT payloads are often already compact
      followRedirects: false,
      maxPayload: PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES,
    };
    let ws: WsWebSocket;
    try {
      ws = new WebSocket(url, [MQTT_SUBPROTOCOL], clientOptions); // [MQTT-6.0.0-3]
    } catch (error) {
      socket.destroy();
      const text = error instanceof Error ? error.message : String(error);
      reject(new ConnectionError("websocketInvalidRequest", `invalid WebSocket upgrade request to ${where}: ${text}`, { cause: error }));
      return;
    }
    const transport = new WebSocketTransport(ws, socket, mapConnected);
    let selectedProtocol: string | undefined;
    let settled = false;
    const settle = (error?: ConnectionError): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (error === undefined) {
        resolve(transport);
        return;
      }
      transport.abandon();
      reject(error);
    };
    const onAbort = (): void => settle(abortReason(signal));
    ws.once("upgrade", (response) => {
      const header = response.headers["sec-websocket-protocol"];
      selectedProtocol = Array.isArray(header) ? header.join(", ") : header;
    });
    ws.on("unexpected-response", (_request, response) => {
      const status = `HTTP ${response.statusCode ?? "?"}${response.statusMessage ? ` ${printable(response.statusMessage)}` : ""}`;
      settle(upgradeFailure("websocketUpgradeFailed", `WebSocket upgrade to ${where} refused: ${status}`));
    });
    ws.once("open", () => settle());
    ws.once("error", (error: Error) => settle(handshakeError(error, selectedProtocol, where, options)));
    ws.once("close", () => settle(upgradeFailure("websocketUpgradeFailed", `WebSocket upgrade to ${where}: the connection closed during the handshake`)));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function handshakeError(error: Error, selectedProtocol: string | undefined, where: string, options: WebSocketLayerOptions): ConnectionError {
  if (/subprotocol/i.test(error.message)) {
    // The server must select "mqtt" [MQTT-6.0.0-4]; anything else ends the attempt.
    const answer = selectedProtocol === undefined ? "it selected none" : `it selected "${printable(selectedProtocol)}"`;
    return upgradeFailure("websocketSubprotocolRejected", `WebSocket handshake with ${where} failed: the server did not select the subprotocol "mqtt" (${answer})`, error);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code?.startsWith("HPE_") === true) {
    return upgradeFailure("websocketUpgradeFailed", `WebSocket upgrade to ${where} failed: the server did not answer with HTTP (${code})`, error);
  }
  if (code !== undefined) {
    // The connection was up (and secured) already: a reset now is the server refusing the upgrade, typically a
    // plain MQTT or other non-WebSocket port.
    const cause = options.mapSocketError(error, "connected");
    return upgradeFailure("websocketUpgradeFailed", `WebSocket upgrade to ${where} failed: ${cause.message}`, cause);
  }
  return upgradeFailure("websocketUpgradeFailed", `WebSocket handshake with ${where} failed: ${printable(error.message)}`, error);
}
