// The platform-neutral half of Mqtt5Client: turns aws-crt-shaped calls into core inputs and core events into
// aws-crt-shaped event payloads (DESIGN.md §8.2f). It owns the Driver; the platform half (mqtt5-client.ts on Node)
// owns the event emitter, chooses the transport and delegates here. No Node imports.
import { MqttClientError } from "../core/errors.js";
import type { ClientEvent, ClientStatistics, OperationValue } from "../core/io.js";
import type { CoreConfig } from "../core/core-config.js";
import type { PublishPacket as InternalPublishPacket } from "../core/model/packet.js";
import { validateAwsIotCoreLimits } from "../core/validate/aws-iot-limits.js";
import {
  validateDisconnectPacket,
  validatePublishPacket,
  validateSubscribePacket,
  validateUnsubscribePacket,
} from "../core/validate/outbound.js";
import type { Clock } from "../runtime/clock.js";
import { Driver, type DriverHost, type ProtocolCore } from "../runtime/driver.js";
import { describeError, type LogWriter } from "../runtime/logger.js";
import type { TransportFactory } from "../transport/transport.js";
import {
  connackToPublic,
  disconnectToInternal,
  disconnectToPublic,
  negotiatedSettingsToPublic,
  pubackToPublic,
  pubcompToPublic,
  publishToInternal,
  publishToPublic,
  pubrecToPublic,
  subackToPublic,
  subscribeToInternal,
  unsubackToPublic,
  unsubscribeToInternal,
} from "./convert.js";
import type { Mqtt5ClientEventMap, Mqtt5ClientEventName } from "./events.js";
import type { ReauthenticationOptions } from "./enhanced-authentication.js";
import type { ResolvedEnhancedAuthentication } from "./enhanced-authentication-config.js";
import { EnhancedAuthenticator } from "./enhanced-authenticator.js";
import type * as Public from "./packets.js";
import { PublishAcknowledgementHandle, PublishAcknowledgementHandleWrapper } from "./publish-acknowledgement.js";

/** Value of a publish() promise: undefined (QoS 0), the PUBACK (QoS 1), the PUBCOMP or a failing PUBREC (QoS 2). */
export type PublishCompletionResult = Public.PubackPacket | Public.PubrecPacket | Public.PubcompPacket | undefined;

/** The listener registry of the platform's event emitter (Node's EventEmitter satisfies it). */
export interface ListenerRegistry {
  /** Listeners of `event` as EventEmitter.rawListeners returns them (`once` wrappers remove themselves when called). */
  rawListeners(event: string): unknown[];
}

export interface ClientFacadeOptions {
  readonly coreConfig: CoreConfig;
  readonly core: ProtocolCore;
  readonly transportFactory: TransportFactory;
  readonly clock: Clock;
  readonly log: LogWriter;
  /** Whose listeners receive the events; `this` inside listeners. */
  readonly listeners: ListenerRegistry;
  /** Delivery scheduling for the driver (tests); default queueMicrotask. */
  readonly scheduleDelivery?: (flush: () => void) => void;
  /** Callbacks of enhanced authentication, when configured. */
  readonly enhancedAuthentication?: ResolvedEnhancedAuthentication | undefined;
}

type Listener = (this: unknown, payload: unknown) => unknown;

export class ClientFacade implements DriverHost {
  private readonly driver: Driver;
  private readonly log: LogWriter;
  private readonly listeners: ListenerRegistry;
  private readonly coreConfig: CoreConfig;
  private readonly enhancedAuthentication: ResolvedEnhancedAuthentication | undefined;
  /** Made on first use (an AUTH event or reauthenticate()): most clients never authenticate that way. */
  private authenticator: EnhancedAuthenticator | undefined = undefined;

  constructor(options: ClientFacadeOptions) {
    this.log = options.log;
    this.listeners = options.listeners;
    this.coreConfig = options.coreConfig;
    const driverOptions = {
      core: options.core,
      transportFactory: options.transportFactory,
      clock: options.clock,
      log: options.log.child("driver"),
      host: this, // onEvent / onFault
    };
    this.driver = new Driver(
      options.scheduleDelivery === undefined ? driverOptions : { ...driverOptions, scheduleDelivery: options.scheduleDelivery },
    );
    this.enhancedAuthentication = options.enhancedAuthentication;
  }

  start(): void {
    if (this.driver.isClosed) {
      throw new MqttClientError("clientClosed", "start() after close(): create a new Mqtt5Client", {
        crtName: "AWS_ERROR_MQTT5_CLIENT_TERMINATED",
        crtCode: 5155,
      });
    }
    this.driver.feed({ kind: "start" });
  }

  /** Validates `packet` synchronously (throws ValidationError), then stops. A no-op after close(). */
  stop(packet?: Public.DisconnectPacket): void {
    if (packet === undefined || packet === null) {
      this.driver.feed({ kind: "stop" });
      return;
    }
    const disconnect = disconnectToInternal(packet);
    validateDisconnectPacket(disconnect, this.coreConfig.connect);
    this.driver.feed({ kind: "stop", disconnect });
  }

  close(): void {
    this.driver.close();
    this.authenticator?.close();
  }

  /** Enhanced authentication: AUTH 0x19, resolved with the server's AUTH 0x00 (see Mqtt5Client.reauthenticate). */
  reauthenticate(options?: ReauthenticationOptions): Promise<Public.AuthPacket> {
    return this.auth().reauthenticate(options);
  }

  private auth(): EnhancedAuthenticator {
    let authenticator = this.authenticator;
    if (authenticator === undefined) {
      authenticator = this.authenticator = new EnhancedAuthenticator({
        config: this.enhancedAuthentication,
        feed: (input) => this.driver.feed(input),
        log: this.log.child("auth"),
      });
      if (this.driver.isClosed) authenticator.close(); // first used after close(): it is closed as well
    }
    return authenticator;
  }

  /** Not `async`: one promise per publish (the driver's), resolved with the public packet; invalid input rejects it. */
  publish(packet: Public.PublishPacket): Promise<PublishCompletionResult> {
    let internal: InternalPublishPacket;
    try {
      internal = publishToInternal(packet);
      validatePublishPacket(internal, false);
      if (this.coreConfig.awsIotCoreLimits) validateAwsIotCoreLimits(internal);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.driver.submit({ kind: "publish", packet: internal }, toPublishResult);
  }

  async subscribe(packet: Public.SubscribePacket): Promise<Public.SubackPacket> {
    const internal = subscribeToInternal(packet);
    validateSubscribePacket(internal, false);
    if (this.coreConfig.awsIotCoreLimits) validateAwsIotCoreLimits(internal);
    const value = await this.driver.submit({ kind: "subscribe", packet: internal });
    if (value.kind !== "subscribe") throw unexpectedValue("subscribe", value);
    return subackToPublic(value.suback);
  }

  async unsubscribe(packet: Public.UnsubscribePacket): Promise<Public.UnsubackPacket> {
    const internal = unsubscribeToInternal(packet);
    validateUnsubscribePacket(internal, false);
    if (this.coreConfig.awsIotCoreLimits) validateAwsIotCoreLimits(internal);
    const value = await this.driver.submit({ kind: "unsubscribe", packet: internal });
    if (value.kind !== "unsubscribe") throw unexpectedValue("unsubscribe", value);
    return unsubackToPublic(value.unsuback);
  }

  statistics(): ClientStatistics {
    return { ...this.driver.statistics() };
  }

  isConnected(): boolean {
    return this.driver.isConnected();
  }

  /** DriverHost: maps one core event to its aws-crt name and payload and emits it. */
  onEvent(event: ClientEvent): void {
    if (EnhancedAuthenticator.isAuthEvent(event)) {
      this.auth().handle(event); // the user's callbacks, not listeners
      return;
    }
    switch (event.kind) {
      case "attemptingConnect":
        this.emit("attemptingConnect", {});
        return;
      case "connectionSuccess":
        this.emit("connectionSuccess", {
          connack: connackToPublic(event.connack),
          settings: negotiatedSettingsToPublic(event.settings),
        });
        return;
      case "connectionFailure":
        this.emit(
          "connectionFailure",
          event.connack === undefined ? { error: event.error } : { error: event.error, connack: connackToPublic(event.connack) },
        );
        return;
      case "disconnection":
        this.emit(
          "disconnection",
          event.disconnect === undefined
            ? { error: event.error }
            : { error: event.error, disconnect: disconnectToPublic(event.disconnect) },
        );
        return;
      case "stopped":
        this.emit("stopped", {});
        return;
      case "messageReceived":
        this.deliverMessage(event.message, event.acknowledgementId);
        return;
    }
  }

  private deliverMessage(message: InternalPublishPacket, acknowledgementId: number | undefined): void {
    const publish = publishToPublic(message);
    if (acknowledgementId === undefined) {
      this.emit("messageReceived", { message: publish });
      return;
    }
    const handle = new PublishAcknowledgementHandle(() => this.driver.feed({ kind: "acknowledge", acknowledgementId }));
    const acknowledgementControl = new PublishAcknowledgementHandleWrapper(handle);
    this.emit("messageReceived", { message: publish, acknowledgementControl });
    // No listener took the handle during the emission: acknowledge now, and later acquireHandle() calls get null.
    acknowledgementControl.acquireHandle()?.invokeAcknowledgement();
  }

  /** Calls every listener of `name`, each isolated: one that throws is reported and the others still run. */
  private emit<K extends Mqtt5ClientEventName>(name: K, payload: Mqtt5ClientEventMap[K]): void {
    for (const listener of this.listeners.rawListeners(name)) {
      try {
        (listener as Listener).call(this.listeners, payload);
      } catch (error) {
        this.reportListenerError(name, error);
      }
    }
  }

  private reportListenerError(name: Mqtt5ClientEventName, error: unknown): void {
    const wrapped = new MqttClientError("listenerError", `a '${name}' listener threw: ${describeError(error)}`, { cause: error });
    this.reportError(wrapped, name === "error");
  }

  /** DriverHost: a failure outside the protocol (a listener threw, or an internal fault). */
  onFault(error: unknown, context: string): void {
    if (error instanceof MqttClientError && error.code === "listenerError") {
      this.reportError(error, false);
      return;
    }
    this.reportError(new MqttClientError("internalError", `${context}: ${describeError(error)}`, { cause: error }), false);
  }

  /** Emits `error` when someone listens (never from an `error` listener itself), otherwise logs it. */
  private reportError(error: MqttClientError, fromErrorListener: boolean): void {
    if (!fromErrorListener && this.listeners.rawListeners("error").length > 0) {
      this.log.debug(error.message);
      this.emit("error", error);
      return;
    }
    this.log.error(error.message);
  }
}

function toPublishResult(value: OperationValue): PublishCompletionResult {
  if (value.kind !== "publish") throw unexpectedValue("publish", value);
  switch (value.qos) {
    case 0:
      return undefined;
    case 1:
      return pubackToPublic(value.puback);
    case 2:
      // PUBCOMP completes the flow; a failing PUBREC ends it without one.
      return value.pubcomp === undefined ? pubrecToPublic(value.pubrec) : pubcompToPublic(value.pubcomp);
  }
}

function unexpectedValue(operation: string, value: OperationValue): MqttClientError {
  return new MqttClientError("internalError", `internal error: ${operation} settled with a ${value.kind} result`);
}
