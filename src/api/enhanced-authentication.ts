// Public types of MQTT 5 enhanced authentication (§4.12) — an addition to aws-crt, which has none. The client
// sends the Authentication Method (and optional data) in CONNECT, hands each server challenge (AUTH 0x18) to
// `onChallenge` and sends back what it returns; `Mqtt5Client.reauthenticate()` starts a re-authentication on a live
// connection. Node-free: shared by the Node and browser clients.
import type { BinaryData, UserProperty } from "./packets.js";

/** Authentication Data a callback hands back: bytes, or a string sent as UTF-8. `undefined` (or null) = none. */
export type AuthenticationDataResult = BinaryData | string | undefined;

/** Where a callback is called from. */
export interface AuthenticationContext {
  /** The configured Authentication Method, e.g. "SCRAM-SHA-256". */
  readonly authenticationMethod: string;
  /**
   * false: the exchange inside the CONNECT handshake (before CONNACK, once per connection attempt);
   * true: a re-authentication started by `reauthenticate()` on an established connection.
   */
  readonly reauthentication: boolean;
}

/** A server AUTH with reason code 0x18 (Continue authentication). */
export interface AuthenticationChallenge {
  /** The server's Authentication Data (e.g. a SCRAM server-first-message); absent when it sent none. */
  authenticationData?: ArrayBuffer;
  /** Diagnostic text from the server, not to be parsed. */
  reasonString?: string;
  /** Always present (empty when none), as on every packet the client hands out. */
  userProperties: UserProperty[];
}

/** The server's final word: the successful CONNACK, or the AUTH 0x00 (Success) that ends a re-authentication. */
export interface AuthenticationSuccess {
  /** The server's final Authentication Data (e.g. a SCRAM server-final-message carrying its signature). */
  authenticationData?: ArrayBuffer;
  reasonString?: string;
  /** Always present (empty when none). */
  userProperties: UserProperty[];
}

/**
 * `Mqtt5ClientConfig.enhancedAuthentication`. Every exchange step is bounded: before CONNACK by
 * `connackTimeoutMs` (which includes the time the callbacks take), during re-authentication by the ack timeout
 * (`ackTimeoutSeconds`), re-armed at each step. Authentication Data never appears in logs or error messages.
 *
 * When a callback throws or its promise rejects, the client abandons the exchange: it sends DISCONNECT 0x80 if
 * CONNECT was already sent, closes the connection, and reports a `ConnectionError` with code
 * `"authenticationCallbackFailed"` (the callback's error is its `cause`) — in `connectionFailure` before CONNACK,
 * in `disconnection` (and the `reauthenticate()` rejection) afterwards. The client then reconnects with backoff
 * as after any failure.
 */
export interface EnhancedAuthenticationConfig {
  /** Authentication Method (0x15) of CONNECT and of every AUTH, e.g. "SCRAM-SHA-256". Required, non-empty UTF-8. */
  authenticationMethod: string;
  /**
   * Authentication Data (0x16) of CONNECT, at most 65,535 bytes. A value (bytes, or a string sent as UTF-8) is
   * sent on every attempt. A function is called once per connection attempt, after the transport opened and
   * before CONNECT is written — so a nonce (SCRAM client-first-message) is fresh each time — and again by
   * `reauthenticate()` called without data (context.reauthentication true). Default: none.
   */
  authenticationData?: BinaryData | string | ((context: AuthenticationContext) => Promise<AuthenticationDataResult> | AuthenticationDataResult);
  /**
   * Called for each server AUTH 0x18: returns the Authentication Data the client puts in its AUTH 0x18 reply
   * (same method), or undefined for none. Called after the client has processed the incoming bytes (never from
   * inside the protocol step, like event listeners); may be async.
   */
  onChallenge(challenge: AuthenticationChallenge, context: AuthenticationContext): Promise<AuthenticationDataResult> | AuthenticationDataResult;
  /**
   * Called when the server accepts: with the successful CONNACK's authentication fields (before the
   * `connectionSuccess` listeners run; the connection is already usable) or with the AUTH 0x00 ending a
   * re-authentication (before `reauthenticate()` resolves). Throw or reject to refuse the server's final data —
   * e.g. a SCRAM server signature that does not verify: the client then drops the connection (see above).
   */
  onSuccess?(success: AuthenticationSuccess, context: AuthenticationContext): Promise<void> | void;
}

/** What `reauthenticate()` puts in its AUTH 0x19 (Re-authenticate); the method is always the configured one. */
export interface ReauthenticationOptions {
  /**
   * Authentication Data of the AUTH 0x19. Default: `enhancedAuthentication.authenticationData` (a function is
   * called with context.reauthentication true).
   */
  authenticationData?: BinaryData | string;
  reasonString?: string;
  userProperties?: UserProperty[];
}
