// Turns the browser config's `websocketOptions` into the URL function of the WebSocket transport, validating it
// up front (a ValidationError from the constructor, not a failure on the first attempt).
//
// SigV4 differs from aws-crt's browser client on purpose (api-iot.md §2.7, its known defects): the port stays in
// the URL and in the signed `host` (a browser sends `Host: name:port` for a non-default port, so that is what the
// server checks), the credentials need no `aws_region` (the configured or parsed region is used), the session
// token follows the signature, and any credentials source is accepted — each attempt asks it again.
import { ValidationError } from "../../core/errors.js";
import type { CredentialsSource } from "../../auth/credentials.js";
import { presignWebsocketPath } from "../../auth/sigv4-presign.js";
import { extractRegionFromEndpoint } from "../../iot/region.js";
import type { Mqtt5ClientConfig } from "./config.js";
import { toBrowserCredentialsSource } from "./credentials-source.js";
import { Mqtt5WebsocketUrlFactoryType, type Mqtt5WebsocketUrlFactoryOptions } from "./websocket-options.js";

/** The URL of one connection attempt. */
export type WebsocketUrlFunction = (signal: AbortSignal) => Promise<string>;

export interface ResolvedWebsocketOptions {
  readonly url: WebsocketUrlFunction;
  readonly protocols: string | string[];
}

const MQTT_PATH = "/mqtt";
const FIELD = "websocketOptions";

/** Validates `config.websocketOptions` and returns how each attempt gets its URL. Throws ValidationError. */
export function resolveWebsocketOptions(config: Mqtt5ClientConfig): ResolvedWebsocketOptions {
  const options: unknown = config.websocketOptions;
  if (options === undefined) return { url: fixedUrl("ws", config), protocols: "mqtt" };
  if (!isRecord(options)) throw new ValidationError(FIELD, "must be an object");
  const factoryOptions: unknown = options.urlFactoryOptions;
  if (!isRecord(factoryOptions)) throw new ValidationError(`${FIELD}.urlFactoryOptions`, "must be an object");
  return { url: resolveUrlFactory(factoryOptions as unknown as Mqtt5WebsocketUrlFactoryOptions, config), protocols: resolveProtocols(options.wsOptions) };
}

function resolveUrlFactory(options: Mqtt5WebsocketUrlFactoryOptions, config: Mqtt5ClientConfig): WebsocketUrlFunction {
  switch (options.urlFactory) {
    case Mqtt5WebsocketUrlFactoryType.Ws:
      return fixedUrl("ws", config);
    case Mqtt5WebsocketUrlFactoryType.Wss:
      return fixedUrl("wss", config);
    case Mqtt5WebsocketUrlFactoryType.Sigv4: {
      const source = toBrowserCredentialsSource(options.credentialsProvider, `${FIELD}.urlFactoryOptions.credentialsProvider`);
      if (options.region !== undefined && (typeof options.region !== "string" || options.region.length === 0)) {
        throw new ValidationError(`${FIELD}.urlFactoryOptions.region`, "must be a non-empty string");
      }
      return sigv4Url(config, options.region ?? extractRegionFromEndpoint(config.hostName), source);
    }
    case Mqtt5WebsocketUrlFactoryType.Custom: {
      const factory: unknown = options.customUrlFactory;
      if (typeof factory !== "function") throw new ValidationError(`${FIELD}.urlFactoryOptions.customUrlFactory`, "must be a function");
      return async () => {
        const url: unknown = await (factory as () => unknown)();
        if (typeof url !== "string") throw new ValidationError(`${FIELD}.urlFactoryOptions.customUrlFactory`, "must return a string");
        return url;
      };
    }
    default:
      throw new ValidationError(`${FIELD}.urlFactoryOptions.urlFactory`, "must be one of 1 (Ws), 2 (Wss), 3 (Sigv4), 4 (Custom)");
  }
}

/** `host:port` as a URL authority (IPv6 literals in brackets). */
export function authority(hostName: string, port: number): string {
  const host = hostName.includes(":") && !hostName.startsWith("[") ? `[${hostName}]` : hostName;
  return `${host}:${port}`;
}

function fixedUrl(scheme: "ws" | "wss", config: Mqtt5ClientConfig): WebsocketUrlFunction {
  return () => Promise.resolve(`${scheme}://${authority(config.hostName, config.port)}${MQTT_PATH}`);
}

function sigv4Url(config: Mqtt5ClientConfig, region: string, source: CredentialsSource): WebsocketUrlFunction {
  return async () => {
    const credentials = await source();
    // presignWebsocketPath loads the signing code on first use: users who never sign never download it (its own
    // chunks in ESM bundles).
    // The Host header a browser sends: the port only when it is not the scheme's default.
    const host = config.port === 443 ? authority(config.hostName, config.port).replace(/:443$/, "") : authority(config.hostName, config.port);
    const path = await presignWebsocketPath({ host, path: MQTT_PATH, region, credentials });
    return `wss://${host}${path}`;
  };
}

function resolveProtocols(wsOptions: unknown): string | string[] {
  if (!isRecord(wsOptions) || wsOptions.protocols === undefined) return "mqtt";
  const protocols = wsOptions.protocols;
  if (typeof protocols === "string" && protocols.length > 0) return protocols;
  if (Array.isArray(protocols) && protocols.every((protocol) => typeof protocol === "string" && protocol.length > 0)) return [...(protocols as string[])];
  throw new ValidationError(`${FIELD}.wsOptions.protocols`, "must be a non-empty string or a list of them");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
