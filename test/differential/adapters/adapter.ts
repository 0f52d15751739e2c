// What the scenario runner needs from a client implementation. Both clients offer aws-crt's `mqtt5.Mqtt5Client`
// API and are node:events EventEmitters, so each adapter is a thin constructor wrapper; the runner never sees which
// implementation it drives except through `name`.

/** The aws-crt-shaped client surface the scenarios use (packets are plain aws-crt-shaped objects). */
export interface DifferentialClient {
  start(): void;
  stop(packet?: object): void;
  close(): void;
  subscribe(packet: object): Promise<unknown>;
  unsubscribe(packet: object): Promise<unknown>;
  publish(packet: object): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): void;
}

export interface ClientAdapter {
  /** Shown in traces and test names. */
  readonly name: "aws-crt" | "ours";
  /** Short, topic- and client-id-safe tag for per-run names. */
  readonly tag: string;
  /** `config` is an aws-crt `mqtt5.Mqtt5ClientConfig` (Node variant) built by the runner. */
  create(config: Record<string, unknown>): DifferentialClient;
}
