// Helpers for enhanced-authentication scenarios on a CoreHarness: a config whose CONNECT carries an
// Authentication Method, server AUTH packets, and the runtime's side of the exchange (answering authChallenge /
// authSuccess events with authResponse inputs, starting a re-authentication).
import assert from "node:assert/strict";
import { CoreHarness } from "./core-harness.js";
import { AuthReasonCode, PacketType } from "../../src/core/model/enums.js";
import type { AuthPacket, ConnectPacket } from "../../src/core/model/packet.js";
import type { CoreConfig } from "../../src/core/core-config.js";
import type { ClientEvent } from "../../src/core/io.js";
import type { MqttClientError } from "../../src/core/errors.js";

export const AUTH_METHOD = "SCRAM-SHA-256";

export type AuthChallengeEvent = Extract<ClientEvent, { kind: "authChallenge" }>;
export type AuthSuccessEvent = Extract<ClientEvent, { kind: "authSuccess" }>;
export type ReauthenticationFailedEvent = Extract<ClientEvent, { kind: "reauthenticationFailed" }>;

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A config whose CONNECT carries AUTH_METHOD and "client-first" as Authentication Data. */
export function withAuth(connect: Partial<ConnectPacket> = {}, extra: Partial<CoreConfig> = {}): Partial<CoreConfig> {
  return {
    connect: { clientId: "c", keepAliveIntervalSeconds: 60, authenticationMethod: AUTH_METHOD, authenticationData: utf8("client-first"), ...connect },
    ...extra,
  };
}

export function serverAuth(reasonCode: AuthReasonCode, fields: Partial<AuthPacket> = {}): AuthPacket {
  return { type: PacketType.Auth, reasonCode, authenticationMethod: AUTH_METHOD, ...fields };
}

export const authChallenges = (h: CoreHarness): AuthChallengeEvent[] => h.events.filter((e): e is AuthChallengeEvent => e.kind === "authChallenge");
export const authSuccesses = (h: CoreHarness): AuthSuccessEvent[] => h.events.filter((e): e is AuthSuccessEvent => e.kind === "authSuccess");
export const reauthenticationFailures = (h: CoreHarness): ReauthenticationFailedEvent[] =>
  h.events.filter((e): e is ReauthenticationFailedEvent => e.kind === "reauthenticationFailed");

export function lastChallenge(h: CoreHarness): AuthChallengeEvent {
  const challenge = authChallenges(h).at(-1);
  assert.ok(challenge !== undefined, "an authChallenge was emitted");
  return challenge;
}

/** The runtime answers event `id` with `data` (UTF-8) or an error. */
export function answerAuth(h: CoreHarness, id: number, data?: string, error?: MqttClientError): void {
  h.handle({ kind: "authResponse", id, ...(data === undefined ? {} : { authenticationData: utf8(data) }), ...(error === undefined ? {} : { error }) });
}

export function lastAuthWritten(h: CoreHarness): AuthPacket {
  const auth = h.writtenOfType(PacketType.Auth).at(-1);
  assert.ok(auth !== undefined, "an AUTH was written");
  return auth;
}

/** Transport open, CONNECT written, the server's first challenge answered; CONNACK still to come. */
export function inAuthExchange(connect: Partial<ConnectPacket> = {}, extra: Partial<CoreConfig> = {}): CoreHarness {
  const h = new CoreHarness(withAuth(connect, extra));
  h.start();
  h.openTransport();
  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication, { authenticationData: utf8("server-first") }));
  answerAuth(h, lastChallenge(h).id, "client-final");
  return h;
}

/** inAuthExchange, then CONNACK success with the method: connected. */
export function authenticated(connect: Partial<ConnectPacket> = {}, extra: Partial<CoreConfig> = {}): CoreHarness {
  const h = inAuthExchange(connect, extra);
  h.connack({ authenticationMethod: AUTH_METHOD, authenticationData: utf8("server-final") });
  assert.equal(h.core.isConnected(), true);
  return h;
}

export function reauthenticate(h: CoreHarness, id: number, data = "re-first", extra: { reasonString?: string } = {}): void {
  h.handle({ kind: "reauthenticate", id, authenticationData: utf8(data), ...extra });
}
