// Broker URLs for the CLI: mqtt://host[:port] (plain TCP, default port 1883) and mqtts://host[:port] (TLS, 8883),
// optionally with user:password@ credentials. WebSocket URLs are refused until the client has a WebSocket transport.
import { UsageError } from "./cli-errors.js";

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string | undefined;
  readonly password: string | undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "mqtt:": 1883, "mqtts:": 8883 };

/** Parses `text`; throws UsageError naming what is wrong (never echoing a password). */
export function parseBrokerUrl(text: string): BrokerAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url must look like mqtt://host:port or mqtts://host:port (got '${withoutCredentials(text)}')`);
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) {
    const hint = /^wss?:$/.test(url.protocol) ? " (WebSocket URLs are not supported by the CLI yet)" : "";
    throw new UsageError(`--url scheme must be mqtt:// or mqtts://, not ${url.protocol}//${hint}`);
  }
  if (url.hostname === "") throw new UsageError("--url has no host name");
  if ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "") {
    throw new UsageError("--url must not have a path, query or fragment");
  }
  return {
    // URL keeps the brackets of an IPv6 literal; sockets want the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port === "" ? defaultPort : Number(url.port),
    tls: url.protocol === "mqtts:",
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password: url.password === "" ? undefined : decodeURIComponent(url.password),
  };
}

/** The URL to show to people: scheme, host and port only. */
export function displayUrl(address: BrokerAddress): string {
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return `${address.tls ? "mqtts" : "mqtt"}://${host}:${address.port}`;
}

function withoutCredentials(text: string): string {
  return text.replace(/\/\/[^/@]*@/, "//");
}
