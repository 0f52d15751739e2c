// Turns the CLI's connection options into an Mqtt5ClientConfig: CONNECT settings, per-attempt time bounds, a
// short reconnect backoff (a person is waiting) and TLS material read from the files named on the command line.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { mqtt5 } from "../index.js";
import type { Logger } from "../runtime/logger.js";
import type { ConnectionOptions } from "./args.js";
import type { BrokerAddress } from "./broker-url.js";
import { CommandFailure } from "./cli-errors.js";

const RECONNECT_DELAY_MIN_MS = 500;
const RECONNECT_DELAY_MAX_MS = 5_000;

/** A client id that is unique enough for a CLI run: "mqtt5-cli-" + 8 hex digits. */
export function defaultClientId(): string {
  return `mqtt5-cli-${randomBytes(4).toString("hex")}`;
}

export function buildClientConfig(
  broker: BrokerAddress,
  options: ConnectionOptions,
  clientId: string,
  logger: Logger,
): mqtt5.Mqtt5ClientConfig {
  const connectProperties: mqtt5.ConnectPacket = { keepAliveIntervalSeconds: options.keepAliveSeconds, clientId };
  if (options.username !== undefined) connectProperties.username = options.username;
  if (options.password !== undefined) connectProperties.password = new TextEncoder().encode(options.password);
  const config: mqtt5.Mqtt5ClientConfig = {
    hostName: broker.host,
    port: broker.port,
    connectProperties,
    connackTimeoutMs: options.connectTimeoutMs,
    socketOptions: { connectTimeoutMs: options.connectTimeoutMs },
    minReconnectDelayMs: RECONNECT_DELAY_MIN_MS,
    maxReconnectDelayMs: RECONNECT_DELAY_MAX_MS,
    logger,
  };
  if (broker.tls) config.tlsCtx = buildTlsOptions(options);
  return config;
}

function buildTlsOptions(options: ConnectionOptions): mqtt5.TlsOptions {
  const tls: mqtt5.TlsOptions = {};
  if (options.caFile !== undefined) tls.ca = readPem(options.caFile, "--ca");
  if (options.certFile !== undefined) tls.cert = readPem(options.certFile, "--cert");
  if (options.keyFile !== undefined) tls.key = readPem(options.keyFile, "--key");
  if (options.insecure) tls.rejectUnauthorized = false;
  return tls;
}

function readPem(path: string, option: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(`cannot read the ${option} file ${path}${code === undefined ? "" : ` (${code})`}`);
  }
}
