// An AWS-IoT-Core-like front for tests: one TLS port on localhost in front of a plain-TCP MQTT broker (the test
// Mosquitto). Like IoT Core's port 443 it tells the authentication modes apart by ALPN and by the first bytes:
//
//   ALPN x-amzn-mqtt-ca (or none) + MQTT   mutual TLS: the client certificate must verify against the test CA
//   ALPN mqtt + MQTT                       custom authorizer: CONNECT username/password (iot-connect-check.ts)
//   no ALPN / http/1.1 + "GET /mqtt"       WebSocket: SigV4-presigned → verified with aws4 (sigv4-verifier.ts),
//                                          403 on mismatch; no SigV4 query → custom authorizer on the CONNECT
//
// Every accepted CONNECT must also carry the SDK-metrics suffix (unless requireSdkMetrics is false). A refused
// CONNECT gets CONNACK 0x87 Not authorized (0x86 for missing metrics); an accepted connection is piped to the
// broker, CONNECT included. Everything seen is recorded for assertions.
import { EventEmitter } from "node:events";
import { connect as netConnect } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import mqttPacket from "mqtt-packet";
import { getTestCertificates, type TestCertificates } from "./certificates.js";
import { checkCustomAuth, parseUsername, readSdkMetrics, type FrontAuthorizer, type SdkMetricsSeen } from "./iot-connect-check.js";
import { verifySigv4Request, type FrontCredentials, type Sigv4Check } from "./sigv4-verifier.js";
import { expectedAccept, WebSocketFrameDecoder, WebSocketMessageAssembler, WebSocketOpcode } from "./websocket-frames.js";

export type { FrontCredentials } from "./sigv4-verifier.js";
export type { FrontAuthorizer } from "./iot-connect-check.js";

export type FrontMode = "mtls" | "customAuth" | "websocketSigv4" | "websocketCustomAuth";

export interface FrontConnectionRecord {
  mode?: FrontMode;
  /** ALPN protocol negotiated (false: none). */
  alpn: string | false;
  accepted: boolean;
  reason?: string;
  /** WebSocket: the HTTP status answered to the upgrade request. */
  httpStatus?: number;
  /** WebSocket: the request target and headers as received. */
  upgradeTarget?: string;
  upgradeHeaders?: Record<string, string | string[] | undefined>;
  sigv4?: Sigv4Check;
  clientCertificateCn?: string;
  clientId?: string;
  username?: string;
  password?: Buffer;
  metrics?: SdkMetricsSeen;
  authorizerName?: string;
}

export interface IotFrontOptions {
  /** The plain-TCP MQTT broker accepted connections are piped to. */
  readonly broker: { readonly host: string; readonly port: number };
  readonly certs?: TestCertificates;
  /** SigV4 region the front expects. Default us-east-1. */
  readonly region?: string;
  readonly credentials?: readonly FrontCredentials[];
  readonly authorizers?: readonly FrontAuthorizer[];
  readonly defaultAuthorizer?: string;
  /** Refuse CONNECTs without the SDK-metrics username suffix. Default true. */
  readonly requireSdkMetrics?: boolean;
  /** Allowed difference between X-Amz-Date and now. Default 5 minutes. */
  readonly allowedSkewMs?: number;
  /**
   * Ask every client for a certificate during the TLS handshake (needed for the mutual-TLS mode). Default true.
   * Browser tests set false: headless Chromium under automation cancels a handshake that asks for a client
   * certificate (a desktop browser with no certificates simply continues without one, as IoT Core expects).
   */
  readonly requestClientCertificate?: boolean;
}

const ALPN_MTLS = "x-amzn-mqtt-ca";
const ALPN_CUSTOM_AUTH = "mqtt";
const CONNACK_NOT_AUTHORIZED = 0x87;
const CONNACK_BAD_USERNAME_OR_PASSWORD = 0x86;
const MAXIMUM_HEAD_BYTES = 16 * 1024;

/** A bidirectional byte channel to the client: raw TLS or WebSocket binary frames. */
interface ClientLink {
  write(bytes: Uint8Array): void;
  close(): void;
}

export class IotFront extends EventEmitter {
  readonly host = "localhost";
  readonly records: FrontConnectionRecord[] = [];
  readonly region: string;
  readonly #server: Server;
  readonly #options: IotFrontOptions;
  readonly #credentials = new Map<string, FrontCredentials>();
  readonly #authorizers = new Map<string, FrontAuthorizer>();
  readonly #sockets = new Set<TLSSocket>();
  #port = 0;

  private constructor(options: IotFrontOptions) {
    super();
    this.#options = options;
    this.region = options.region ?? "us-east-1";
    this.setCredentials(options.credentials ?? []);
    for (const authorizer of options.authorizers ?? []) this.#authorizers.set(authorizer.name, authorizer);
    const certs = options.certs ?? getTestCertificates();
    this.#server = createServer({
      key: certs.server.key,
      cert: certs.server.cert,
      ca: certs.ca.cert,
      requestCert: options.requestClientCertificate ?? true,
      rejectUnauthorized: false, // decided per mode: only mutual-TLS connections need a certificate
      ALPNProtocols: [ALPN_MTLS, ALPN_CUSTOM_AUTH, "http/1.1"],
    });
    this.#server.on("secureConnection", (socket) => this.#accept(socket));
    this.#server.on("tlsClientError", () => undefined); // handshake failures are the client's to report
  }

  /** Starts a front on a free loopback port. */
  static async start(options: IotFrontOptions): Promise<IotFront> {
    const front = new IotFront(options);
    await new Promise<void>((resolve, reject) => {
      front.#server.once("error", reject);
      front.#server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = front.#server.address();
    front.#port = typeof address === "object" && address !== null ? address.port : 0;
    return front;
  }

  get port(): number {
    return this.#port;
  }

  /** Replaces the accepted SigV4 keys (rotation: the old keys stop working at once). */
  setCredentials(credentials: readonly FrontCredentials[]): void {
    this.#credentials.clear();
    for (const entry of credentials) this.#credentials.set(entry.accessKeyId, entry);
  }

  addCredentials(credentials: FrontCredentials): void {
    this.#credentials.set(credentials.accessKeyId, credentials);
  }

  /** Resolves with the next record matching `predicate` (also one already recorded after `fromIndex`). */
  waitForRecord(predicate: (record: FrontConnectionRecord) => boolean, timeoutMs = 10_000, fromIndex = 0): Promise<FrontConnectionRecord> {
    const existing = this.records.slice(fromIndex).find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("record", onRecord);
        reject(new Error(`no matching front record within ${timeoutMs} ms; seen: ${JSON.stringify(this.records.map(summary))}`));
      }, timeoutMs);
      const onRecord = (record: FrontConnectionRecord): void => {
        if (!predicate(record)) return;
        clearTimeout(timer);
        this.off("record", onRecord);
        resolve(record);
      };
      this.on("record", onRecord);
    });
  }

  /** Drops every client connection (a network failure: the clients reconnect). */
  dropAll(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #finish(record: FrontConnectionRecord): void {
    this.records.push(record);
    this.emit("record", record);
  }

  #accept(socket: TLSSocket): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => undefined);
    const record: FrontConnectionRecord = { alpn: socket.alpnProtocol ?? false, accepted: false };
    const peer = socket.getPeerCertificate();
    if (socket.authorized && peer !== null && typeof peer.subject?.CN === "string") record.clientCertificateCn = peer.subject.CN;
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) return;
      const isHttp = head.subarray(0, 4).toString("latin1") === "GET ";
      if (isHttp && head.indexOf("\r\n\r\n") < 0) {
        if (head.length > MAXIMUM_HEAD_BYTES) socket.destroy();
        return;
      }
      socket.off("data", onData);
      if (isHttp) this.#startWebSocket(socket, head, record);
      else this.#startDirect(socket, head, record);
    };
    socket.on("data", onData);
  }

  #startDirect(socket: TLSSocket, head: Buffer, record: FrontConnectionRecord): void {
    const link: ClientLink = { write: (bytes) => socket.write(bytes), close: () => socket.end() };
    if (record.alpn === ALPN_CUSTOM_AUTH) {
      record.mode = "customAuth";
    } else {
      record.mode = "mtls";
      if (!socket.authorized) {
        record.reason = `mutual TLS: no valid client certificate (${String(socket.authorizationError ?? "none sent")})`;
        this.#finish(record);
        socket.destroy(); // IoT Core drops the connection; the client sees a failed attempt
        return;
      }
    }
    const gate = this.#mqttGate(link, record);
    gate(head);
    socket.on("data", gate);
    socket.on("close", () => gate(undefined));
  }

  #startWebSocket(socket: TLSSocket, head: Buffer, record: FrontConnectionRecord): void {
    const end = head.indexOf("\r\n\r\n");
    const lines = head.subarray(0, end).toString("latin1").split("\r\n");
    const [method = "", target = "", version = ""] = (lines[0] ?? "").split(" ");
    const headers: Record<string, string | string[] | undefined> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const existing = headers[name];
      headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    record.upgradeTarget = target;
    record.upgradeHeaders = headers;
    const refuse = (status: number, reason: string): void => {
      record.httpStatus = status;
      record.reason = reason;
      this.#finish(record);
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : "Bad Request"}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`);
    };
    const key = headers["sec-websocket-key"];
    const protocols = String(headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    if (method !== "GET" || version !== "HTTP/1.1" || typeof key !== "string" || String(headers.upgrade).toLowerCase() !== "websocket") {
      refuse(400, "not a WebSocket upgrade request");
      return;
    }
    if (new URL(target, "https://front.invalid").pathname !== "/mqtt") {
      refuse(400, `path must be /mqtt, got ${target}`);
      return;
    }
    if (!protocols.includes("mqtt")) {
      refuse(400, "the mqtt subprotocol was not offered");
      return;
    }
    if (target.includes("X-Amz-Algorithm=")) {
      record.mode = "websocketSigv4";
      const check = verifySigv4Request({
        target,
        headers,
        region: this.region,
        credentials: this.#credentials,
        nowMs: Date.now(),
        allowedSkewMs: this.#options.allowedSkewMs ?? 5 * 60_000,
      });
      record.sigv4 = check;
      if (!check.ok) {
        refuse(403, check.reason ?? "forbidden");
        return;
      }
    } else {
      record.mode = "websocketCustomAuth";
    }
    record.httpStatus = 101;
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${expectedAccept(key)}\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n`,
    );
    const link: ClientLink = {
      write: (bytes) => socket.write(encodeServerFrame(WebSocketOpcode.Binary, bytes)),
      close: () => socket.end(encodeServerFrame(WebSocketOpcode.Close, new Uint8Array([0x03, 0xe8]))),
    };
    const gate = this.#mqttGate(link, record);
    const decoder = new WebSocketFrameDecoder();
    const assembler = new WebSocketMessageAssembler();
    const onBytes = (chunk: Uint8Array): void => {
      for (const frame of decoder.push(chunk)) {
        if (frame.opcode === WebSocketOpcode.Close) {
          socket.end();
          return;
        }
        if (frame.opcode === WebSocketOpcode.Ping) socket.write(encodeServerFrame(WebSocketOpcode.Pong, frame.payload));
        if (frame.opcode >= 0x8) continue;
        const message = assembler.accept(frame);
        if (message !== undefined) gate(Buffer.from(message));
      }
    };
    onBytes(head.subarray(end + 4));
    socket.on("data", onBytes);
    socket.on("close", () => gate(undefined));
  }

  /**
   * Returns the function fed with the client's bytes (undefined = the client went away). It holds everything
   * until the first packet (CONNECT) is complete, decides, and then refuses with a CONNACK or pipes to the broker.
   */
  #mqttGate(link: ClientLink, record: FrontConnectionRecord): (bytes: Buffer | undefined) => void {
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    const held: Buffer[] = [];
    let upstream: ReturnType<typeof netConnect> | undefined;
    let decided = false;
    parser.on("packet", (packet) => {
      if (decided) return;
      decided = true;
      if (packet.cmd !== "connect") {
        record.reason = `first packet was ${packet.cmd}, not CONNECT`;
        this.#finish(record);
        link.close();
        return;
      }
      const refusal = this.#judgeConnect(packet, record);
      if (refusal !== undefined) {
        record.reason = refusal.reason;
        this.#finish(record);
        link.write(mqttPacket.generate({ cmd: "connack", sessionPresent: false, reasonCode: refusal.code }, { protocolVersion: 5 }));
        link.close();
        return;
      }
      record.accepted = true;
      this.#finish(record);
      upstream = netConnect({ host: this.#options.broker.host, port: this.#options.broker.port });
      upstream.on("data", (bytes: Buffer) => link.write(bytes));
      upstream.on("close", () => link.close());
      upstream.on("error", () => link.close());
      for (const bytes of held.splice(0)) upstream.write(bytes);
    });
    parser.on("error", (error: Error) => {
      if (decided) return;
      decided = true;
      record.reason = `malformed first packet: ${error.message}`;
      this.#finish(record);
      link.close();
    });
    return (bytes) => {
      if (bytes === undefined) {
        upstream?.destroy();
        if (!decided) {
          decided = true;
          record.reason ??= "the client closed before sending a complete CONNECT";
          this.#finish(record);
        }
        return;
      }
      if (upstream !== undefined) upstream.write(bytes);
      else held.push(bytes);
      if (!decided) parser.parse(bytes);
    };
  }

  #judgeConnect(packet: mqttPacket.IConnectPacket, record: FrontConnectionRecord): { code: number; reason: string } | undefined {
    record.clientId = packet.clientId;
    if (packet.username !== undefined) record.username = packet.username;
    if (packet.password !== undefined) record.password = packet.password;
    const parsed = parseUsername(packet.username ?? "");
    const metrics = readSdkMetrics(parsed);
    if (typeof metrics !== "string") record.metrics = metrics;
    else if (this.#options.requireSdkMetrics !== false) return { code: CONNACK_BAD_USERNAME_OR_PASSWORD, reason: metrics };
    if (record.mode === "customAuth" || record.mode === "websocketCustomAuth") {
      const decision = checkCustomAuth(parsed, packet.password, this.#authorizers, this.#options.defaultAuthorizer);
      if (decision.authorizerName !== undefined) record.authorizerName = decision.authorizerName;
      if (!decision.ok) return { code: CONNACK_NOT_AUTHORIZED, reason: decision.reason ?? "not authorized" };
    }
    return undefined;
  }
}

function summary(record: FrontConnectionRecord): object {
  return { mode: record.mode, alpn: record.alpn, accepted: record.accepted, reason: record.reason, status: record.httpStatus };
}

/** A server→client frame (unmasked, RFC 6455 §5.1). */
function encodeServerFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length <= 0xffff ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = length;
  else if (length <= 0xffff) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}
