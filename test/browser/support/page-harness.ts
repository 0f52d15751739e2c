// Code that runs INSIDE the Chromium page: `installPageHarness` is serialised with toString() and evaluated after
// the IIFE bundle defined `globalThis.mqtt5client`. It keeps clients by id, records every event in a
// JSON-friendly form and offers operations whose results cross back to Node as plain data. It must not reference
// anything outside its own body (imports here are type-only and vanish at compile time).
import type * as CredentialProviders from "@aws-sdk/credential-providers";
import type * as Library from "../../../src/browser.js";

/** How a test asks for the client's URL (functions cannot cross into the page). */
export type UrlChoice =
  | { readonly kind: "ws" }
  | { readonly kind: "wss" }
  | { readonly kind: "custom"; readonly url: string }
  | {
      readonly kind: "sigv4";
      readonly region?: string;
      readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
    };

/** JSON-able client settings: everything of Mqtt5ClientConfig but the URL factory. */
export type PageClientConfig = Record<string, unknown> & { readonly hostName: string; readonly port: number; readonly url: UrlChoice };

export interface RecordedError {
  readonly message: string;
  readonly code?: string;
  readonly errorName?: string;
  readonly errorCode?: number;
  readonly classes: string[];
}

export interface RecordedEvent {
  readonly name: string;
  readonly atMs: number;
  readonly error?: RecordedError;
  readonly reasonCode?: number;
  readonly rejoinedSession?: boolean;
  readonly topic?: string;
  readonly payload?: string;
  readonly qos?: number;
  readonly duplicate?: boolean;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RecordedError };

export interface PageCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A client made by the browser `iot.AwsIotMqtt5ClientConfigBuilder`. */
export interface PageIotClientSpec {
  readonly hostName: string;
  readonly port: number;
  readonly clientId: string;
  /** SigV4: attempt n uses credentials[min(n, length) - 1] (an aws-crt style provider, refreshed per attempt). */
  readonly sigv4?: { readonly region?: string; readonly credentials: readonly PageCredentials[] };
  readonly customAuth?: { readonly authorizerName?: string; readonly username?: string; readonly password?: string };
  /**
   * SigV4 with the AWS SDK's `fromCognitoIdentityPool` as the provider, unwrapped (the page must have loaded the
   * Cognito providers bundle, support/cognito-bundle.ts). `region` is the pool's and the signing region.
   */
  readonly cognito?: { readonly identityPoolId: string; readonly endpoint: string; readonly region: string };
  readonly minReconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
}

/** What the page exposes as `globalThis.harness`. */
export interface PageHarness {
  create(id: string, config: PageClientConfig): Outcome<null>;
  createIot(id: string, spec: PageIotClientSpec): Outcome<null>;
  start(id: string): void;
  stop(id: string): void;
  close(id: string): void;
  events(id: string, name?: string): RecordedEvent[];
  waitForEvent(id: string, name: string, count: number, timeoutMs: number): Promise<RecordedEvent>;
  publish(id: string, packet: Record<string, unknown>): Promise<Outcome<unknown>>;
  /** Starts a publish without waiting; its outcome is collected by `settled(id, ticket)`. */
  publishLater(id: string, packet: Record<string, unknown>): number;
  settled(id: string, ticket: number, timeoutMs: number): Promise<Outcome<unknown>>;
  /** settled() of several tickets, in one round trip. */
  settledAll(id: string, tickets: number[], timeoutMs: number): Promise<Outcome<unknown>[]>;
  subscribe(id: string, packet: Record<string, unknown>): Promise<Outcome<unknown>>;
  unsubscribe(id: string, packet: Record<string, unknown>): Promise<Outcome<unknown>>;
  statistics(id: string): unknown;
  isConnected(id: string): boolean;
  credentialRequests(id: string): number;
}

/** Runs in the page. */
export function installPageHarness(): void {
  const scope = globalThis as unknown as { mqtt5client: typeof Library; harness: PageHarness };
  const lib = scope.mqtt5client;
  const EVENTS = ["attemptingConnect", "connectionSuccess", "connectionFailure", "disconnection", "stopped", "messageReceived", "error"] as const;

  interface Entry {
    readonly client: InstanceType<typeof lib.mqtt5.Mqtt5Client>;
    readonly events: RecordedEvent[];
    readonly waiters: (() => void)[];
    readonly pending: Map<number, Promise<Outcome<unknown>>>;
    readonly counters: { credentialRequests: number };
    nextTicket: number;
  }
  const entries = new Map<string, Entry>();
  const startedAt = performance.now();

  const entry = (id: string): Entry => {
    const found = entries.get(id);
    if (found === undefined) throw new Error(`no client ${id}`);
    return found;
  };

  const describeError = (error: unknown): RecordedError => {
    const classes: string[] = [];
    const checks: [string, unknown][] = [
      ["Error", Error],
      ["CrtError", lib.CrtError],
      ["MqttClientError", lib.MqttClientError],
      ["ValidationError", lib.ValidationError],
      ["ConnectionError", lib.ConnectionError],
      ["OperationError", lib.OperationError],
      ["ProtocolError", lib.ProtocolError],
    ];
    for (const [name, constructor] of checks) {
      if (error instanceof (constructor as new () => object)) classes.push(name);
    }
    const record = (typeof error === "object" && error !== null ? error : {}) as { message?: unknown; code?: unknown; error_name?: unknown; error_code?: unknown };
    const described: { -readonly [K in keyof RecordedError]: RecordedError[K] } = {
      message: typeof record.message === "string" ? record.message : String(error),
      classes,
    };
    if (typeof record.code === "string") described.code = record.code;
    if (typeof record.error_name === "string") described.errorName = record.error_name;
    if (typeof record.error_code === "number") described.errorCode = record.error_code;
    return described;
  };

  const outcome = async <T>(work: () => Promise<T>): Promise<Outcome<unknown>> => {
    try {
      return { ok: true, value: JSON.parse(JSON.stringify((await work()) ?? null)) as unknown };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  };

  const record = (target: Entry, name: string, payload: unknown): void => {
    const event: { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] } = { name, atMs: Math.round(performance.now() - startedAt) };
    const data = payload as {
      error?: unknown;
      connack?: { reasonCode: number };
      settings?: { rejoinedSession: boolean };
      message?: { topicName: string; payload?: ArrayBuffer; qos: number; duplicate?: boolean };
    };
    if (name === "error") event.error = describeError(payload);
    if (data.error !== undefined) event.error = describeError(data.error);
    if (data.connack !== undefined) event.reasonCode = data.connack.reasonCode;
    if (data.settings !== undefined) event.rejoinedSession = data.settings.rejoinedSession;
    if (data.message !== undefined) {
      event.topic = data.message.topicName;
      event.payload = data.message.payload === undefined ? "" : new TextDecoder().decode(data.message.payload);
      event.qos = data.message.qos;
      if (data.message.duplicate !== undefined) event.duplicate = data.message.duplicate;
    }
    target.events.push(event);
    for (const wake of target.waiters.splice(0)) wake();
  };

  const urlOptions = (target: { credentialRequests: number }, config: PageClientConfig): Library.mqtt5.Mqtt5WebsocketConfig => {
    const type = lib.mqtt5.Mqtt5WebsocketUrlFactoryType;
    const choice = config.url;
    switch (choice.kind) {
      case "ws":
        return { urlFactoryOptions: { urlFactory: type.Ws } };
      case "wss":
        return { urlFactoryOptions: { urlFactory: type.Wss } };
      case "custom":
        return { urlFactoryOptions: { urlFactory: type.Custom, customUrlFactory: () => choice.url } };
      case "sigv4": {
        // An aws-crt browser style provider: refreshCredentials() then getCredentials(), counted per attempt.
        const provider = {
          refreshCredentials: () => {
            target.credentialRequests += 1;
            return Promise.resolve();
          },
          getCredentials: () => ({
            aws_access_id: choice.credentials.accessKeyId,
            aws_secret_key: choice.credentials.secretAccessKey,
            ...(choice.credentials.sessionToken === undefined ? {} : { aws_sts_token: choice.credentials.sessionToken }),
          }),
        };
        return {
          urlFactoryOptions: {
            urlFactory: type.Sigv4,
            credentialsProvider: provider,
            ...(choice.region === undefined ? {} : { region: choice.region }),
          },
        };
      }
    }
  };

  const register = (id: string, make: (counters: { credentialRequests: number }) => Library.mqtt5.Mqtt5ClientConfig): Outcome<null> => {
    const counters = { credentialRequests: 0 };
    try {
      const client = new lib.mqtt5.Mqtt5Client({ ...make(counters), logger: lib.mqtt5.consoleLogger("warn") });
      const target: Entry = { client, events: [], waiters: [], pending: new Map(), counters, nextTicket: 1 };
      for (const name of EVENTS) client.on(name, (payload: unknown) => record(target, name, payload));
      entries.set(id, target);
      return { ok: true, value: null };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  };

  scope.harness = {
    create(id, config) {
      const { url: _url, ...rest } = config;
      return register(id, (counters) => ({ ...(rest as unknown as Library.mqtt5.Mqtt5ClientConfig), websocketOptions: urlOptions(counters, config) }));
    },
    createIot(id, spec) {
      return register(id, (counters) => {
        const Builder = lib.iot.AwsIotMqtt5ClientConfigBuilder;
        let builder: Library.iot.AwsIotMqtt5ClientConfigBuilder;
        if (spec.sigv4 !== undefined) {
          const sequence = spec.sigv4.credentials;
          // aws-crt's browser shape: a CredentialsProvider subclass whose refreshCredentials() fetches (here: the next
          // credentials of the sequence, after an await) and getCredentials() returns them.
          class RotatingProvider extends lib.auth.CredentialsProvider {
            private current: PageCredentials | undefined;
            override async refreshCredentials(): Promise<void> {
              await new Promise((resolve) => setTimeout(resolve, 1));
              counters.credentialRequests += 1;
              this.current = sequence[Math.min(counters.credentialRequests, sequence.length) - 1];
            }
            override getCredentials() {
              const current = this.current;
              if (current === undefined) return undefined;
              return {
                aws_access_id: current.accessKeyId,
                aws_secret_key: current.secretAccessKey,
                ...(current.sessionToken === undefined ? {} : { aws_sts_token: current.sessionToken }),
              };
            }
          }
          builder = Builder.newWebsocketMqttBuilderWithSigv4Auth(spec.hostName, {
            credentialsProvider: new RotatingProvider(),
            ...(spec.sigv4.region === undefined ? {} : { region: spec.sigv4.region }),
          });
        } else if (spec.cognito !== undefined) {
          const providers = (globalThis as unknown as { cognitoProviders?: typeof CredentialProviders }).cognitoProviders;
          if (providers === undefined) throw new Error("the Cognito providers bundle is not loaded in this page");
          const { identityPoolId, endpoint, region } = spec.cognito;
          builder = Builder.newWebsocketMqttBuilderWithSigv4Auth(spec.hostName, {
            credentialsProvider: providers.fromCognitoIdentityPool({ identityPoolId, clientConfig: { endpoint, region } }),
            region,
          });
        } else {
          builder = Builder.newWebsocketMqttBuilderWithCustomAuth(spec.hostName, spec.customAuth ?? {});
        }
        builder.withPort(spec.port).withConnectProperties({ clientId: spec.clientId, keepAliveIntervalSeconds: 60 });
        if (spec.minReconnectDelayMs !== undefined) builder.withMinReconnectDelayMs(spec.minReconnectDelayMs);
        if (spec.maxReconnectDelayMs !== undefined) builder.withMaxReconnectDelayMs(spec.maxReconnectDelayMs);
        return builder.build();
      });
    },
    start: (id) => entry(id).client.start(),
    stop: (id) => entry(id).client.stop(),
    close: (id) => entry(id).client.close(),
    events: (id, name) => entry(id).events.filter((event) => name === undefined || event.name === name),
    async waitForEvent(id, name, count, timeoutMs) {
      const target = entry(id);
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const matching = target.events.filter((event) => event.name === name);
        const found = matching[count - 1];
        if (found !== undefined) return found;
        const remaining = deadline - performance.now();
        if (remaining <= 0) {
          throw new Error(`timed out waiting for ${name} #${count} of ${id}; events: ${target.events.map((event) => event.name).join(", ")}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          target.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    publish: (id, packet) => outcome(() => entry(id).client.publish(packet as unknown as Library.mqtt5.PublishPacket)),
    publishLater(id, packet) {
      const target = entry(id);
      const ticket = target.nextTicket++;
      target.pending.set(ticket, outcome(() => target.client.publish(packet as unknown as Library.mqtt5.PublishPacket)));
      return ticket;
    },
    async settled(id, ticket, timeoutMs) {
      const pending = entry(id).pending.get(ticket);
      if (pending === undefined) throw new Error(`no publish ${ticket} of ${id}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`publish ${ticket} of ${id} did not settle within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([pending, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    settledAll(id, tickets, timeoutMs) {
      return Promise.all(tickets.map((ticket) => scope.harness.settled(id, ticket, timeoutMs)));
    },
    subscribe: (id, packet) => outcome(() => entry(id).client.subscribe(packet as unknown as Library.mqtt5.SubscribePacket)),
    unsubscribe: (id, packet) => outcome(() => entry(id).client.unsubscribe(packet as unknown as Library.mqtt5.UnsubscribePacket)),
    statistics: (id) => entry(id).client.getOperationalStatistics(),
    isConnected: (id) => entry(id).client.isConnected(),
    credentialRequests: (id) => entry(id).counters.credentialRequests,
  };
}
