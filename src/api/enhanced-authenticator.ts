// The runtime half of enhanced authentication: turns the core's authChallenge / authSuccess /
// reauthenticationFailed events into calls of the user's callbacks and feeds the answers back as authResponse
// inputs (the core stays free of promises), and keeps the promises of reauthenticate(). Every event the core
// emits is answered exactly once, also when a callback throws; an answer for an ended connection is ignored by the
// core. Nothing here logs Authentication Data: only byte counts.
import { MqttClientError } from "../core/errors.js";
import type { ClientEvent, Input } from "../core/io.js";
import { AuthReasonCode, PacketType } from "../core/model/enums.js";
import type * as Internal from "../core/model/packet.js";
import { authenticationCallbackFailed, enhancedAuthenticationNotConfigured } from "../core/connection/auth-errors.js";
import { validateAuthPacket } from "../core/validate/outbound.js";
import type { LogWriter } from "../runtime/logger.js";
import { binaryToBytes, bytesToArrayBuffer, requireObject } from "./convert.js";
import type { ResolvedEnhancedAuthentication } from "./enhanced-authentication-config.js";
import type {
  AuthenticationChallenge,
  AuthenticationContext,
  AuthenticationDataResult,
  ReauthenticationOptions,
} from "./enhanced-authentication.js";
import type * as Public from "./packets.js";

type AuthEvent = Extract<ClientEvent, { kind: "authChallenge" | "authSuccess" | "reauthenticationFailed" }>;

interface PendingReauthentication {
  readonly resolve: (packet: Public.AuthPacket) => void;
  readonly reject: (error: MqttClientError) => void;
}

export interface EnhancedAuthenticatorOptions {
  readonly config: ResolvedEnhancedAuthentication | undefined;
  /** Feeds an input to the core (Driver.feed). */
  readonly feed: (input: Input) => void;
  readonly log: LogWriter;
}

export class EnhancedAuthenticator {
  private readonly config: ResolvedEnhancedAuthentication | undefined;
  private readonly feed: (input: Input) => void;
  private readonly log: LogWriter;
  private readonly pending = new Map<number, PendingReauthentication>();
  private nextReauthenticationId = 1;
  private closed = false;

  constructor(options: EnhancedAuthenticatorOptions) {
    this.config = options.config;
    this.feed = options.feed;
    this.log = options.log;
  }

  static isAuthEvent(event: ClientEvent): event is AuthEvent {
    return event.kind === "authChallenge" || event.kind === "authSuccess" || event.kind === "reauthenticationFailed";
  }

  handle(event: AuthEvent): void {
    switch (event.kind) {
      case "authChallenge":
        this.answerChallenge(event);
        return;
      case "authSuccess":
        this.verifySuccess(event);
        return;
      case "reauthenticationFailed":
        this.settle(event.reauthenticationId, (pending) => pending.reject(event.error));
        return;
    }
  }

  /** Validates, gathers the data (maybe from the user's function), then asks the core for AUTH 0x19. */
  async reauthenticate(options?: ReauthenticationOptions): Promise<Public.AuthPacket> {
    const config = this.config;
    if (config === undefined) throw enhancedAuthenticationNotConfigured();
    if (this.closed) throw closedError();
    const given: unknown = options;
    if (given !== undefined && given !== null) requireObject(given, "options");
    const packet: Internal.AuthPacket = {
      type: PacketType.Auth,
      reasonCode: AuthReasonCode.ReAuthenticate,
      authenticationMethod: config.authenticationMethod,
    };
    const data = options?.authenticationData !== undefined
      ? binaryToBytes(options.authenticationData, "options.authenticationData")
      : await this.initialData(config, { authenticationMethod: config.authenticationMethod, reauthentication: true });
    if (data !== undefined) packet.authenticationData = data;
    if (options?.reasonString !== undefined) packet.reasonString = options.reasonString;
    if (options?.userProperties !== undefined) packet.userProperties = copyUserProperties(options.userProperties);
    validateAuthPacket(packet, { authenticationMethod: config.authenticationMethod }, "options.");
    if (this.closed) throw closedError(); // closed while the data function ran
    const id = this.nextReauthenticationId++;
    const result = new Promise<Public.AuthPacket>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const { type: _type, reasonCode: _code, authenticationMethod: _method, ...fields } = packet;
    this.feed({ kind: "reauthenticate", id, ...fields });
    return result;
  }

  /** close(): every reauthenticate() still waiting rejects with clientClosed; later calls too. */
  close(): void {
    this.closed = true;
    const error = closedError();
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private answerChallenge(event: Extract<AuthEvent, { kind: "authChallenge" }>): void {
    const config = this.config;
    if (config === undefined) {
      this.feed({ kind: "authResponse", id: event.id, error: enhancedAuthenticationNotConfigured() });
      return;
    }
    const context: AuthenticationContext = { authenticationMethod: config.authenticationMethod, reauthentication: event.reauthentication };
    const challenge = event.challenge;
    const callback = challenge === undefined ? "the authenticationData function" : "onChallenge";
    this.log.debug(() =>
      challenge === undefined
        ? "enhanced authentication: asking for the CONNECT's Authentication Data"
        : `enhanced authentication: server challenge with ${challenge.authenticationData?.length ?? 0} bytes of data (re-authentication: ${event.reauthentication})`,
    );
    const step = challenge === undefined
      ? this.initialData(config, context)
      : call(() => config.onChallenge(serverDataToPublic(challenge), context)).then(
          (result) => resultToBytes(result),
          (error: unknown) => Promise.reject(authenticationCallbackFailed(callback, error)),
        );
    step.then(
      (authenticationData) => this.feed({ kind: "authResponse", id: event.id, ...(authenticationData === undefined ? {} : { authenticationData }) }),
      (error: unknown) => this.feed({ kind: "authResponse", id: event.id, error: asAuthError(error, callback) }),
    );
  }

  private verifySuccess(event: Extract<AuthEvent, { kind: "authSuccess" }>): void {
    const config = this.config;
    const context: AuthenticationContext = { authenticationMethod: config?.authenticationMethod ?? "", reauthentication: event.reauthentication };
    const final = event.final;
    const onSuccess = config?.onSuccess;
    this.log.debug(() => `enhanced authentication: the server accepted (re-authentication: ${event.reauthentication})`);
    call(() => onSuccess?.(serverDataToPublic(final), context)).then(
      () => {
        this.feed({ kind: "authResponse", id: event.id });
        if (event.reauthenticationId !== undefined && final.type === PacketType.Auth) {
          this.settle(event.reauthenticationId, (pending) => pending.resolve(authToPublic(final)));
        }
      },
      (error: unknown) => {
        const failure = authenticationCallbackFailed("onSuccess", error);
        this.feed({ kind: "authResponse", id: event.id, error: failure });
        if (event.reauthenticationId !== undefined) this.settle(event.reauthenticationId, (pending) => pending.reject(failure));
      },
    );
  }

  /** CONNECT's (or a re-authentication's) data: the function's result, else the static value. */
  private initialData(config: ResolvedEnhancedAuthentication, context: AuthenticationContext): Promise<Uint8Array | undefined> {
    const provider = config.dataProvider;
    if (provider === undefined) return Promise.resolve(config.authenticationData);
    return call(() => provider(context)).then(
      (result) => resultToBytes(result),
      (error: unknown) => Promise.reject(authenticationCallbackFailed("the authenticationData function", error)),
    );
  }

  private settle(id: number, action: (pending: PendingReauthentication) => void): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    action(pending);
  }
}

/** Runs a user callback: a synchronous throw becomes a rejection. */
function call<T>(callback: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(callback()));
}

/** A callback's result → bytes; a value of the wrong type is a ValidationError (naming no value). */
function resultToBytes(result: AuthenticationDataResult | null): Uint8Array | undefined {
  if (result === undefined || result === null) return undefined;
  return binaryToBytes(result, "authenticationData");
}

function asAuthError(error: unknown, callback: string): MqttClientError {
  return error instanceof MqttClientError ? error : authenticationCallbackFailed(callback, error);
}

function closedError(): MqttClientError {
  return new MqttClientError("clientClosed", "re-authentication: the client was closed", {
    crtName: "AWS_ERROR_MQTT5_CLIENT_TERMINATED",
    crtCode: 5155,
  });
}

function copyUserProperties(value: unknown): Internal.UserProperty[] {
  if (!Array.isArray(value)) return value as Internal.UserProperty[]; // the validator names the field
  return value.map((property: unknown) => {
    requireObject(property, "options.userProperties[]");
    return { name: property.name as string, value: property.value as string };
  });
}

function outUserProperties(properties: readonly Internal.UserProperty[] | undefined): Public.UserProperty[] {
  return (properties ?? []).map((property) => ({ name: property.name, value: property.value }));
}

/** The server-side fields the callbacks see, from an AUTH or a CONNACK. */
function serverDataToPublic(packet: Internal.AuthPacket | Internal.ConnackPacket): AuthenticationChallenge {
  const result: AuthenticationChallenge = { userProperties: outUserProperties(packet.userProperties) };
  if (packet.authenticationData !== undefined) result.authenticationData = bytesToArrayBuffer(packet.authenticationData);
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  return result;
}

function authToPublic(packet: Internal.AuthPacket): Public.AuthPacket {
  const result: Public.AuthPacket = { type: PacketType.Auth, reasonCode: packet.reasonCode, userProperties: outUserProperties(packet.userProperties) };
  if (packet.authenticationMethod !== undefined) result.authenticationMethod = packet.authenticationMethod;
  if (packet.authenticationData !== undefined) result.authenticationData = bytesToArrayBuffer(packet.authenticationData);
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  return result;
}
