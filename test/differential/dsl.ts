// The scenario language of the differential suite. A scenario is a client configuration plus a script of steps;
// the runner (runner.ts) plays the same script against each implementation and records a trace entry for every
// step that observes something. Strings in packets and patterns may contain `{id}` (a name unique to the run,
// safe in topics and client ids) and `{clientId}`; the runner fills them in and puts the placeholders back in the
// trace, so the traces of both runs are comparable.

/** Which Mosquitto listener the client connects to ("closedPort": a port nobody listens on). */
export type ListenerChoice = "tcp" | "auth" | "closedPort";

export interface ScenarioConfig {
  readonly listener: ListenerChoice;
  /** On the auth listener: the test user with the right or a wrong password. Default "valid". */
  readonly credentials?: "valid" | "wrongPassword";
  /**
   * Merged into `connectProperties` after the defaults (keep-alive 30 s, client id `diff-{id}`); `clientId: ""`
   * asks the broker to assign one. "none": the config has no `connectProperties` at all.
   */
  readonly connectProperties?: Record<string, unknown> | "none";
  /** Other aws-crt Mqtt5ClientConfig fields (offlineQueueBehavior, topicAliasingOptions, …). */
  readonly client?: Record<string, unknown>;
}

export type LifecycleEvent = "attemptingConnect" | "connectionSuccess" | "connectionFailure" | "disconnection" | "stopped";

/** "now" (default): await the operation in this step. "later": only submit; a `settle`/`peek` step observes it. */
export type Settle = "now" | "later";

export type Step =
  | { readonly do: "start" }
  /** stop(packet?); records a synchronous throw, if any. */
  | { readonly do: "stop"; readonly packet?: object }
  /** Waits for the next not-yet-awaited occurrence of `event` and records its payload. */
  | { readonly do: "awaitEvent"; readonly event: LifecycleEvent }
  | { readonly do: "subscribe" | "unsubscribe" | "publish"; readonly label: string; readonly packet: object; readonly settle?: Settle }
  /** Awaits an operation submitted with settle "later" and records its outcome. */
  | { readonly do: "settle"; readonly label: string }
  /** Records the outcome of an operation if it has settled by now, "<pending>" otherwise. */
  | { readonly do: "peek"; readonly label: string }
  | { readonly do: "sleep"; readonly ms: number }
  /** Waits for `count` more messageReceived events and records them (sorted by topic, then payload). */
  | { readonly do: "awaitMessages"; readonly count: number }
  /** A second, raw MQTT 5 client publishes on the plain listener (server-side setup, e.g. a retained message). */
  | { readonly do: "serverPublish"; readonly topic: string; readonly payload: string; readonly qos: 0 | 1; readonly retain: boolean }
  /** A raw MQTT 5 client connects with the scenario client's id (the broker takes the session over), then leaves. */
  | { readonly do: "serverTakeover" }
  /**
   * Records the first broker log line part matching `pattern` within `timeoutMs`. Placeholders are regex-escaped;
   * here `{clientId}` is the latest NegotiatedSettings.clientId (so also a broker-assigned id).
   */
  | { readonly do: "brokerLog"; readonly label: string; readonly pattern: string; readonly timeoutMs?: number };

export interface Scenario {
  readonly name: string;
  readonly config: ScenarioConfig;
  readonly steps: readonly Step[];
}
