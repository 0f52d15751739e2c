// Mqtt5Client of the browser entry: the same client as on Node — the same facade (client-facade.ts), driver and
// protocol core — on a built-in typed event emitter instead of node:events, with the WebSocket transport over the
// global `WebSocket`. aws-crt's browser surface (api-surface.md §3.1: isConnected(), the `info` event) plus
// everything its Node client has (statistics, QoS 2 results, full ACK packets).
import { ClientCore } from "../../core/client-core.js";
import type { ClientStatistics } from "../../core/io.js";
import { systemClock } from "../../runtime/clock.js";
import { LogWriter } from "../../runtime/logger.js";
import { ClientFacade, type PublishCompletionResult } from "../client-facade.js";
import type { ReauthenticationOptions } from "../enhanced-authentication.js";
import type { QoS } from "../enums.js";
import type { ICrtError } from "../errors.js";
import type { Mqtt5ClientEventMap } from "../events.js";
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
} from "../packets.js";
import type { Mqtt5ClientConfig } from "./config.js";
import { resolveBrowserClientConfig } from "./config-resolution.js";
import { TypedEventEmitter } from "./event-emitter.js";

export type { PublishCompletionResult } from "../client-facade.js";

/** The browser client's events: the Node client's plus aws-crt's browser-only `info` (declared, never emitted). */
export interface BrowserMqtt5ClientEventMap extends Mqtt5ClientEventMap {
  info: ICrtError;
}

/**
 * An MQTT 5 client over WebSocket that connects, and keeps reconnecting, from start() until stop(). Operations
 * return promises that resolve with the server's acknowledgement packet (check its reason codes) and reject only
 * when no acknowledgement could be obtained. Events are emitted after the step that caused them, never re-entrantly.
 */
export class Mqtt5Client extends TypedEventEmitter<BrowserMqtt5ClientEventMap> {
  /** Declared by aws-crt for serious failures; here: a listener threw, or an internal fault. Payload: the error. */
  static readonly ERROR = "error";
  /** Declared by aws-crt's browser client for transient transport errors; never emitted (as in aws-crt). */
  static readonly INFO = "info";
  /** Each received PUBLISH. Payload: MessageReceivedEvent. */
  static readonly MESSAGE_RECEIVED = "messageReceived";
  /** A connection attempt begins. Payload: AttemptingConnectEvent. */
  static readonly ATTEMPTING_CONNECT = "attemptingConnect";
  /** An attempt succeeded (affirmative CONNACK). Payload: ConnectionSuccessEvent. */
  static readonly CONNECTION_SUCCESS = "connectionSuccess";
  /** An attempt failed between opening the WebSocket and CONNACK. Payload: ConnectionFailureEvent. */
  static readonly CONNECTION_FAILURE = "connectionFailure";
  /** An established connection ended. Payload: DisconnectionEvent. */
  static readonly DISCONNECTION = "disconnection";
  /** The client is idle after stop(). Payload: StoppedEvent. */
  static readonly STOPPED = "stopped";

  readonly #facade: ClientFacade;

  /** Validates `config` synchronously: throws a ValidationError naming the offending field. */
  constructor(config: Mqtt5ClientConfig) {
    super();
    const resolved = resolveBrowserClientConfig(config);
    this.#facade = new ClientFacade({
      coreConfig: resolved.core,
      core: new ClientCore(resolved.core, Math.random),
      transportFactory: resolved.transportFactory as NonNullable<typeof resolved.transportFactory>,
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

  /**
   * Releases everything (pending operations reject with clientClosed); the client cannot be started again.
   * (aws-crt's browser close() does nothing; this one behaves as on Node.)
   */
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
   * (`enhancedAuthentication` must be configured); resolves with the server's AUTH 0x00. Same contract as the Node
   * client's reauthenticate().
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
}
