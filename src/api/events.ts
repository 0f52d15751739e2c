// Event payloads and listener types of Mqtt5Client, as aws-crt's `mqtt5` module declares them (api-surface §3.3).
import type { NegotiatedSettings } from "../core/negotiated-settings.js";
import type { ICrtError } from "./errors.js";
import type { ConnackPacket, DisconnectPacket, PublishPacket } from "./packets.js";
import type { PublishAcknowledgementHandleWrapper } from "./publish-acknowledgement.js";

export type { NegotiatedSettings } from "../core/negotiated-settings.js";

/** Emitted when a connection attempt begins. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- aws-crt declares it empty
export interface AttemptingConnectEvent {}

/** Emitted on an affirmative CONNACK: the CONNACK and the settings in force for this connection. */
export interface ConnectionSuccessEvent {
  connack: ConnackPacket;
  settings: NegotiatedSettings;
}

/** Emitted when an attempt fails anywhere between DNS and CONNACK; `connack` iff the server refused. */
export interface ConnectionFailureEvent {
  error: ICrtError;
  connack?: ConnackPacket;
}

/** Emitted when an established connection ends; `disconnect` iff the server sent a DISCONNECT. */
export interface DisconnectionEvent {
  error: ICrtError;
  disconnect?: DisconnectPacket;
}

/** Emitted once the client is idle after stop(). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- aws-crt declares it empty
export interface StoppedEvent {}

/** Emitted for each received PUBLISH. */
export interface MessageReceivedEvent {
  message: PublishPacket;
  /**
   * Present for QoS 1 and QoS 2 messages: call `acquireHandle()` synchronously inside the listener to send the
   * PUBACK/PUBREC later yourself; otherwise the client sends it after the last listener returns.
   */
  acknowledgementControl?: PublishAcknowledgementHandleWrapper;
}

export type ErrorEventListener = (error: ICrtError) => void;
export type AttemptingConnectEventListener = (eventData: AttemptingConnectEvent) => void;
export type ConnectionSuccessEventListener = (eventData: ConnectionSuccessEvent) => void;
export type ConnectionFailureEventListener = (eventData: ConnectionFailureEvent) => void;
export type DisconnectionEventListener = (eventData: DisconnectionEvent) => void;
export type StoppedEventListener = (eventData: StoppedEvent) => void;
export type MessageReceivedEventListener = (eventData: MessageReceivedEvent) => void;

/** Event name → payload, for code that wants to be generic over events. */
export interface Mqtt5ClientEventMap {
  error: ICrtError;
  messageReceived: MessageReceivedEvent;
  attemptingConnect: AttemptingConnectEvent;
  connectionSuccess: ConnectionSuccessEvent;
  connectionFailure: ConnectionFailureEvent;
  disconnection: DisconnectionEvent;
  stopped: StoppedEvent;
}

export type Mqtt5ClientEventName = keyof Mqtt5ClientEventMap;
