// io.SocketOptions and io.ClientBootstrap. The client reads SocketOptions' public snake_case fields
// (connect_timeout_ms, keepalive, keep_alive_interval_sec) through `Mqtt5ClientConfig.socketOptions`.
import { ValidationError } from "../core/errors.js";
import { SocketDomain, SocketType } from "./enums.js";

const MAXIMUM_TIMER_MS = 2_147_483_647;
const MAXIMUM_U16 = 65_535;

function checkInteger(value: unknown, minimum: number, maximum: number, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw new ValidationError(`SocketOptions.${field}`, `must be an integer in ${minimum}..${maximum.toLocaleString("en")}`);
  }
  return value;
}

/**
 * Socket settings, aws-crt's constructor and defaults (IPv6 domain, 5 s connect timeout — note: without a
 * SocketOptions object the client uses 10 s). Mapping onto Node's sockets:
 * - `connect_timeout_ms` bounds DNS + TCP connect (+ the TLS handshake), as in aws-crt.
 * - `keepalive` turns on TCP keep-alive; `keep_alive_interval_sec` is the idle time before the first probe
 *   (TCP_KEEPIDLE, as aws-crt sets it). Node cannot set the probe interval or count, so
 *   `keep_alive_timeout_sec` and `keep_alive_max_failed_probes` are accepted and kept but have no effect
 *   (the OS defaults apply; Linux with libuv: 1 s apart, 10 probes).
 * - `domain` IPV4/IPV6: the address family follows DNS (as aws-crt does in practice). LOCAL and DGRAM are refused.
 */
export class SocketOptions {
  readonly type: SocketType;
  readonly domain: SocketDomain;
  readonly connect_timeout_ms: number;
  readonly keepalive: boolean;
  readonly keep_alive_interval_sec: number;
  readonly keep_alive_timeout_sec: number;
  readonly keep_alive_max_failed_probes: number;

  constructor(
    type: SocketType = SocketType.STREAM,
    domain: SocketDomain = SocketDomain.IPV6,
    connect_timeout_ms = 5000,
    keepalive = false,
    keep_alive_interval_sec = 0,
    keep_alive_timeout_sec = 0,
    keep_alive_max_failed_probes = 0,
  ) {
    if (type !== SocketType.STREAM) {
      throw new ValidationError("SocketOptions.type", type === SocketType.DGRAM ? "must be STREAM: MQTT runs over a byte stream" : "must be SocketType.STREAM");
    }
    if (domain !== SocketDomain.IPV4 && domain !== SocketDomain.IPV6) {
      throw new ValidationError("SocketOptions.domain", domain === SocketDomain.LOCAL ? "LOCAL (Unix domain sockets) is not supported; use IPV4 or IPV6" : "must be IPV4 or IPV6");
    }
    if (typeof keepalive !== "boolean") throw new ValidationError("SocketOptions.keepalive", "must be a boolean");
    this.type = type;
    this.domain = domain;
    this.connect_timeout_ms = checkInteger(connect_timeout_ms, 1, MAXIMUM_TIMER_MS, "connect_timeout_ms");
    this.keepalive = keepalive;
    this.keep_alive_interval_sec = checkInteger(keep_alive_interval_sec, 0, MAXIMUM_U16, "keep_alive_interval_sec");
    this.keep_alive_timeout_sec = checkInteger(keep_alive_timeout_sec, 0, MAXIMUM_U16, "keep_alive_timeout_sec");
    this.keep_alive_max_failed_probes = checkInteger(keep_alive_max_failed_probes, 0, MAXIMUM_U16, "keep_alive_max_failed_probes");
  }
}

/** aws-crt's event-loop group handle. Accepted for compatibility; Node's own event loop does the work. */
export class ClientBootstrap {}
