// An Mqtt5Client as the CLI commands use it: every event is printed as it happens, connecting gives up after a
// bounded number of failed attempts, and shutdown is always stop() → `stopped` → close(), so a command ends with
// no socket or timer left open.
import { mqtt5 } from "../index.js";
import type { ConnectionOptions } from "./args.js";
import { displayUrl, type BrokerAddress } from "./broker-url.js";
import { CommandFailure } from "./cli-errors.js";
import { buildClientConfig, defaultClientId } from "./client-config.js";
import { formatError, formatPacket, formatSettings } from "./format.js";
import type { Output } from "./output.js";
import { waitFor } from "./wait.js";

/** How long stop() may take before the CLI reports the client as stuck. */
const STOP_TIMEOUT_MS = 10_000;

export class CliClient {
  readonly client: mqtt5.Mqtt5Client;
  readonly clientId: string;
  private started = false;

  constructor(
    readonly broker: BrokerAddress,
    private readonly options: ConnectionOptions,
    private readonly out: Output,
  ) {
    out.addSecret(options.password);
    this.clientId = options.clientId ?? defaultClientId();
    this.client = new mqtt5.Mqtt5Client(buildClientConfig(broker, options, this.clientId, out.logger(options.logLevel)));
    this.printEvents();
  }

  /**
   * Starts the client and resolves on the first connectionSuccess. Rejects with a CommandFailure after
   * `connectAttempts` failed attempts (0 = never gives up), or with Interrupted on `signal`.
   */
  connect(signal?: AbortSignal): Promise<mqtt5.ConnectionSuccessEvent> {
    const attempts = this.options.connectAttempts;
    const user = this.options.username === undefined ? "" : `, username ${JSON.stringify(this.options.username)}`;
    this.out.line(`connecting to ${displayUrl(this.broker)} as ${JSON.stringify(this.clientId)}${user}`);
    return waitFor<mqtt5.ConnectionSuccessEvent>("connecting", undefined, signal, ({ resolve, reject }) => {
      let failures = 0;
      const onSuccess = (event: mqtt5.ConnectionSuccessEvent): void => resolve(event);
      const onFailure = (event: mqtt5.ConnectionFailureEvent): void => {
        failures += 1;
        if (attempts > 0 && failures >= attempts) {
          reject(new CommandFailure(`could not connect to ${displayUrl(this.broker)} (${failures} attempt(s)): ${formatError(event.error)}`));
        }
      };
      this.client.on("connectionSuccess", onSuccess);
      this.client.on("connectionFailure", onFailure);
      if (!this.started) {
        this.started = true;
        this.client.start();
      }
      return () => {
        this.client.off("connectionSuccess", onSuccess);
        this.client.off("connectionFailure", onFailure);
      };
    });
  }

  /** stop(), wait for `stopped` (bounded), close(). Safe to call when the client never started. */
  async shutdown(): Promise<void> {
    try {
      if (this.started) {
        const stopped = waitFor<void>("stopping the client", STOP_TIMEOUT_MS, undefined, ({ resolve }) => {
          const onStopped = (): void => resolve();
          this.client.on("stopped", onStopped);
          return () => this.client.off("stopped", onStopped);
        });
        this.client.stop();
        await stopped;
      }
    } finally {
      this.client.close();
    }
  }

  private printEvents(): void {
    const out = this.out;
    this.client.on("attemptingConnect", () => out.line("event attemptingConnect"));
    this.client.on("connectionSuccess", (event) => {
      out.line(`event connectionSuccess ${formatPacket(event.connack)}`);
      out.line(`      settings ${formatSettings(event.settings)}`);
    });
    this.client.on("connectionFailure", (event) => {
      const connack = event.connack === undefined ? "" : ` ${formatPacket(event.connack)}`;
      out.line(`event connectionFailure ${formatError(event.error)}${connack}`);
    });
    this.client.on("disconnection", (event) => {
      const disconnect = event.disconnect === undefined ? "" : ` ${formatPacket(event.disconnect)}`;
      out.line(`event disconnection ${formatError(event.error)}${disconnect}`);
    });
    this.client.on("stopped", () => out.line("event stopped"));
    this.client.on("messageReceived", (event) => out.line(`event messageReceived ${formatPacket(event.message)}`));
    this.client.on("error", (error) => out.error(`event error ${formatError(error)}`));
  }
}
