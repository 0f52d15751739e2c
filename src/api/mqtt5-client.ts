// Mqtt5Client for Node: aws-crt's `mqtt5.Mqtt5Client` surface (api-surface.md §3) on a real node:events
// EventEmitter. The platform-neutral work (validation, conversion, event mapping, the driver) happens in
// client-facade.ts; this file adds the emitter, the typed `on` overloads and the Node transports.
import { EventEmitter } from "node:events";
import { ClientCore } from "../core/client-core.js";
import type { ClientStatistics } from "../core/io.js";
import { systemClock } from "../runtime/clock.js";
import { LogWriter } from "../runtime/logger.js";
import { ClientFacade, type PublishCompletionResult } from "./client-facade.js";
import type { Mqtt5ClientConfig } from "./config.js";
import { resolveClientConfig } from "./config-validation.js";
import type { QoS } from "./enums.js";
import type {
  AttemptingConnectEventListener,
  ConnectionFailureEventListener,
  ConnectionSuccessEventListener,
  DisconnectionEventListener,
  ErrorEventListener,
  MessageReceivedEventListener,
  StoppedEventListener,
} from "./events.js";
import { createNodeTransportFactory } from "./node-transport.js";
import type { ReauthenticationOptions } from "./enhanced-authentication.js";
import type {
  AuthPacket,
  DisconnectPacket,
  PubackPacket,
  PubcompPacket,
  PublishPacket,
  PubrecPacket,
  SubackPacket,
  SubscribePacket,
  UnsubackPacket,
  UnsubscribePacket,
} from "./packets.js";

export type { PublishCompletionResult } from "./client-facade.js";

/**
 * An MQTT 5 client that connects, and keeps reconnecting, from start() until stop(). Operations return promises
 * that resolve with the server's acknowledgement packet (check its reason codes) and reject only when no
 * acknowledgement could be obtained. Events are emitted after the step that caused them, never re-entrantly.
 */
export class Mqtt5Client extends EventEmitter {
  /** Declared by aws-crt for serious failures; here: a listener threw, or an internal fault. Payload: the error. */
  static readonly ERROR = "error";
  /** Each received PUBLISH. Payload: MessageReceivedEvent. */
  static readonly MESSAGE_RECEIVED = "messageReceived";
  /** A connection attempt begins. Payload: AttemptingConnectEvent. */
  static readonly ATTEMPTING_CONNECT = "attemptingConnect";
  /** An attempt succeeded (affirmative CONNACK). Payload: ConnectionSuccessEvent. */
  static readonly CONNECTION_SUCCESS = "connectionSuccess";
  /** An attempt failed between DNS and CONNACK. Payload: ConnectionFailureEvent. */
  static readonly CONNECTION_FAILURE = "connectionFailure";
  /** An established connection ended. Payload: DisconnectionEvent. */
  static readonly DISCONNECTION = "disconnection";
  /** The client is idle after stop(). Payload: StoppedEvent. */
  static readonly STOPPED = "stopped";

  readonly #facade: ClientFacade;

  /** Validates `config` synchronously: throws a ValidationError naming the offending field. */
  constructor(config: Mqtt5ClientConfig) {
    super();
    const resolved = resolveClientConfig(config);
    this.#facade = new ClientFacade({
      coreConfig: resolved.core,
      core: new ClientCore(resolved.core, Math.random),
      transportFactory: resolved.transportFactory ?? createNodeTransportFactory(resolved),
      clock: systemClock,
      log: LogWriter.for(resolved.logger, "mqtt5-client"),
      listeners: this,
      enhancedAuthentication: resolved.enhancedAuthentication,
    });
  }

  /** Starts connecting (asynchronously) and keeps the client connected until stop(). */
  start(): void {
    this.#facade.start();
  }

  /**
   * Sends `disconnectPacket` if connected, closes the connection and stops reconnecting; emits `disconnection`
   * (if connected) and then `stopped`. An invalid packet throws a ValidationError synchronously.
   */
  stop(disconnectPacket?: DisconnectPacket): void {
    this.#facade.stop(disconnectPacket);
  }

  /** Releases everything (pending operations reject with clientClosed). The client cannot be started again. */
  close(): void {
    this.#facade.close();
  }

  /** Resolves with the SUBACK (also when its reason codes are failures). */
  subscribe(packet: SubscribePacket): Promise<SubackPacket> {
    return this.#facade.subscribe(packet);
  }

  /** Resolves with the UNSUBACK (also when its reason codes are failures). */
  unsubscribe(packet: UnsubscribePacket): Promise<UnsubackPacket> {
    return this.#facade.unsubscribe(packet);
  }

  /**
   * QoS 0 resolves with undefined once written; QoS 1 with the PUBACK; QoS 2 with the PUBCOMP, or with the PUBREC
   * when its reason code is a failure (the flow ends there). Failing reason codes resolve too: check them.
   */
  publish(packet: PublishPacket & { qos: QoS.ExactlyOnce }): Promise<PubcompPacket | PubrecPacket>;
  publish(packet: PublishPacket & { qos: QoS.AtMostOnce | QoS.AtLeastOnce }): Promise<PubackPacket | undefined>;
  publish(packet: PublishPacket): Promise<PublishCompletionResult>;
  publish(packet: PublishPacket): Promise<PublishCompletionResult> {
    return this.#facade.publish(packet);
  }

  /**
   * Addition to aws-crt: re-authenticates the established connection with MQTT 5 enhanced authentication
   * (`enhancedAuthentication` must be configured): sends AUTH 0x19 with the configured method, answers the server's
   * challenges through `onChallenge`, and resolves with the server's AUTH 0x00 (Success) once `onSuccess` (if any)
   * accepted it. Traffic continues meanwhile under the current authentication. Rejects with a ValidationError
   * (not configured, invalid options), a ConnectionError "notConnected", an MqttClientError
   * "reauthenticationInProgress" (one at a time), or — the connection then being closed — a ConnectionError
   * "authenticationFailed" (the server answered with DISCONNECT; `reasonCode` is its code), "authenticationTimeout"
   * (no progress within the ack timeout), "authenticationCallbackFailed", or whatever else ended the connection.
   */
  reauthenticate(options?: ReauthenticationOptions): Promise<AuthPacket> {
    return this.#facade.reauthenticate(options);
  }

  /** Snapshot of the operation queue: incomplete and unacked operations, counts and encoded sizes. */
  getOperationalStatistics(): ClientStatistics {
    return this.#facade.statistics();
  }

  /** @deprecated Use getOperationalStatistics(). */
  getQueueStatistics(): ClientStatistics {
    return this.getOperationalStatistics();
  }

  /** True between `connectionSuccess` and `disconnection`. */
  isConnected(): boolean {
    return this.#facade.isConnected();
  }

  override on(event: "error", listener: ErrorEventListener): this;
  override on(event: "messageReceived", listener: MessageReceivedEventListener): this;
  override on(event: "attemptingConnect", listener: AttemptingConnectEventListener): this;
  override on(event: "connectionSuccess", listener: ConnectionSuccessEventListener): this;
  override on(event: "connectionFailure", listener: ConnectionFailureEventListener): this;
  override on(event: "disconnection", listener: DisconnectionEventListener): this;
  override on(event: "stopped", listener: StoppedEventListener): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    super.on(event, listener as (...args: unknown[]) => void);
    return this;
  }
}
