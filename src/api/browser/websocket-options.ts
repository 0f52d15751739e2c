// The browser client's `websocketOptions` (aws-crt's browser `Mqtt5WebsocketConfig`, api-surface.md §2.3): which
// URL each connection attempt opens. Ws → ws://host:port/mqtt (the default), Wss → wss://host:port/mqtt,
// Sigv4 → a SigV4-presigned wss URL for AWS IoT Core (credentials resolved again on every attempt), Custom → the
// user's factory. The resolution itself is in websocket-url.ts.
import type { CredentialsFunction, CredentialsProviderLike } from "../../auth/credentials.js";

/** Kinds of URL factory, with aws-crt's values. */
export enum Mqtt5WebsocketUrlFactoryType {
  /** ws://{hostName}:{port}/mqtt */
  Ws = 1,
  /** wss://{hostName}:{port}/mqtt */
  Wss = 2,
  /** wss://{hostName}:{port}/mqtt?X-Amz-…, presigned with SigV4 for AWS IoT Core (service iotdevicegateway). */
  Sigv4 = 3,
  /** Whatever `customUrlFactory` returns. */
  Custom = 4,
}

/** Returns the URL of one connection attempt. Addition to aws-crt: it may return a promise. */
export type Mqtt5WebsocketUrlFactory = () => string | Promise<string>;

export interface Mqtt5WebsocketUrlFactoryWsOptions {
  urlFactory: Mqtt5WebsocketUrlFactoryType.Ws;
}

export interface Mqtt5WebsocketUrlFactoryWssOptions {
  urlFactory: Mqtt5WebsocketUrlFactoryType.Wss;
}

export interface Mqtt5WebsocketUrlFactorySigv4Options {
  urlFactory: Mqtt5WebsocketUrlFactoryType.Sigv4;
  /** Signing region. Default: parsed from `hostName` (`xxx-ats.iot.<region>.amazonaws.com`). */
  region?: string;
  /**
   * Where the credentials come from; asked again before every connection attempt: aws-crt's browser
   * `auth.CredentialsProvider` (getCredentials / refreshCredentials, e.g. a Cognito-backed subclass), or an AWS SDK
   * v3 credentials provider function such as `fromCognitoIdentityPool(…)` from `@aws-sdk/credential-providers`.
   */
  credentialsProvider: CredentialsProviderLike | CredentialsFunction;
}

export interface Mqtt5WebsocketUrlFactoryCustomOptions {
  urlFactory: Mqtt5WebsocketUrlFactoryType.Custom;
  customUrlFactory: Mqtt5WebsocketUrlFactory;
}

export type Mqtt5WebsocketUrlFactoryOptions =
  | Mqtt5WebsocketUrlFactoryWsOptions
  | Mqtt5WebsocketUrlFactoryWssOptions
  | Mqtt5WebsocketUrlFactorySigv4Options
  | Mqtt5WebsocketUrlFactoryCustomOptions;

/** aws-crt's browser `Mqtt5WebsocketConfig`. */
export interface Mqtt5WebsocketConfig {
  urlFactoryOptions: Mqtt5WebsocketUrlFactoryOptions;
  /**
   * aws-crt passes this to its Node-style WebSocket library. Browsers' WebSocket takes no options, so it is
   * accepted and ignored here, except `protocols` (string or list; default "mqtt").
   */
  wsOptions?: unknown;
}
