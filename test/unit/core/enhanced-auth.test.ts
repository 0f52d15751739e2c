// Enhanced authentication (MQTT 5 §4.12) through the protocol core: the AUTH exchange inside the CONNECT
// handshake, per-attempt initial data, re-authentication, the server's violations, timeouts and stale answers.
// Every challenge goes out as an authChallenge event and comes back as an authResponse input (connection/auth.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants } from "../../support/lifecycle-invariants.js";
import { expectProtocolViolation } from "../../support/violation-check.js";
import {
  AUTH_METHOD as METHOD,
  answerAuth as answer,
  authChallenges as challenges,
  authenticated,
  authSuccesses as successes,
  lastAuthWritten,
  lastChallenge,
  reauthenticate,
  reauthenticationFailures as reauthFailures,
  serverAuth,
  utf8 as bytes,
  withAuth,
} from "../../support/auth-exchange.js";
import { AuthReasonCode, ConnectReasonCode, DisconnectReasonCode, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { AuthPacket } from "../../../src/core/model/packet.js";
import type { MqttClientError } from "../../../src/core/errors.js";
import { ConnectionError, PacketTooLargeError, ProtocolError, ValidationError } from "../../../src/core/errors.js";

const text = (data: Uint8Array | undefined): string | undefined => (data === undefined ? undefined : new TextDecoder().decode(data));

test("a SCRAM-like exchange: CONNECT with method and data, server AUTH 0x18 answered with AUTH 0x18, CONNACK ends it", () => {
  const h = new CoreHarness(withAuth());
  h.start();
  h.openTransport();
  const connect = h.writtenOnTransport[0];
  assert.ok(connect?.type === PacketType.Connect);
  assert.equal(connect.authenticationMethod, METHOD);
  assert.equal(text(connect.authenticationData), "client-first");

  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication, { authenticationData: bytes("server-first"), reasonString: "continue" }));
  const challenge = lastChallenge(h);
  assert.equal(challenge.reauthentication, false);
  assert.equal(text(challenge.challenge?.authenticationData), "server-first");
  assert.equal(challenge.challenge?.reasonString, "continue");
  assert.equal(h.writtenOnTransport.length, 1, "nothing is written while the answer is being prepared");

  answer(h, challenge.id, "client-final");
  const reply = lastAuthWritten(h);
  assert.equal(reply.reasonCode, AuthReasonCode.ContinueAuthentication, "[MQTT-4.12.0-3]");
  assert.equal(reply.authenticationMethod, METHOD, "[MQTT-4.12.0-5]");
  assert.equal(text(reply.authenticationData), "client-final");

  h.connack({ authenticationMethod: METHOD, authenticationData: bytes("server-final") });
  assert.deepEqual(h.eventKinds(), ["attemptingConnect", "authChallenge", "authSuccess", "connectionSuccess"]);
  const success = successes(h)[0];
  assert.ok(success !== undefined && success.final.type === PacketType.Connack);
  assert.equal(success.reauthentication, false);
  assert.equal(text(success.final.authenticationData), "server-final");
  assert.notEqual(success.id, challenge.id);
  answer(h, success.id); // accepting the server's final data changes nothing
  assert.equal(h.core.isConnected(), true);
  assertLifecycleInvariants(h.events);
});

test("several challenge rounds before CONNACK, and a CONNACK without any AUTH round", () => {
  const h = new CoreHarness(withAuth());
  h.start();
  h.openTransport();
  for (let round = 1; round <= 3; round++) {
    h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication, { authenticationData: bytes(`s${round}`) }));
    assert.equal(text(lastChallenge(h).challenge?.authenticationData), `s${round}`);
    answer(h, lastChallenge(h).id, `c${round}`);
  }
  assert.deepEqual(h.writtenOfType(PacketType.Auth).map((a) => text(a.authenticationData)), ["c1", "c2", "c3"]);
  h.connack({ authenticationMethod: METHOD });
  assert.equal(h.core.isConnected(), true);

  const direct = new CoreHarness(withAuth());
  direct.connect({ authenticationMethod: METHOD });
  assert.equal(direct.core.isConnected(), true);
  assert.equal(challenges(direct).length, 0);
  assert.equal(successes(direct).length, 1);
});

test("an answer is held while a write is in flight, then goes out alone", () => {
  const h = new CoreHarness(withAuth());
  h.autoCompleteWrites = false;
  h.start();
  h.openTransport();
  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
  answer(h, lastChallenge(h).id, "client-final");
  assert.equal(h.writtenOfType(PacketType.Auth).length, 0, "CONNECT is still being written");
  h.completeWrite();
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect, PacketType.Auth]);
});

test("per-attempt initial data: CONNECT waits for it; each attempt asks anew; stale answers are ignored", () => {
  const h = new CoreHarness({ ...withAuth({}, { authenticationDataPerAttempt: true }), connect: { clientId: "c", keepAliveIntervalSeconds: 60, authenticationMethod: METHOD } });
  h.start();
  h.openTransport();
  const first = lastChallenge(h);
  assert.equal(first.challenge, undefined);
  assert.equal(first.reauthentication, false);
  assert.equal(h.writtenOnTransport.length, 0, "no CONNECT before its Authentication Data");
  h.advanceBy(5_000);
  answer(h, first.id, "nonce-1");
  const connect = h.writtenOnTransport[0];
  assert.ok(connect?.type === PacketType.Connect);
  assert.equal(text(connect.authenticationData), "nonce-1");
  answer(h, first.id, "again");
  assert.equal(h.writtenOnTransport.length, 1, "a second answer to the same id is ignored");

  h.transportCloses();
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
  const second = lastChallenge(h);
  assert.notEqual(second.id, first.id);
  answer(h, first.id, "stale");
  assert.equal(h.writtenOnTransport.length, 0, "an answer for the previous attempt is ignored");
  answer(h, second.id); // no data: CONNECT carries the method only
  const reconnect = h.writtenOnTransport[0];
  assert.ok(reconnect?.type === PacketType.Connect);
  assert.equal(reconnect.authenticationData, undefined);
  assert.equal(reconnect.authenticationMethod, METHOD);
});

test("per-attempt initial data: a failed, oversized or late answer fails the attempt without writing anything", () => {
  const cases: { name: string; act: (h: CoreHarness, id: number) => void; check: (error: MqttClientError) => void }[] = [
    {
      name: "error answer",
      act: (h, id) => answer(h, id, undefined, new ConnectionError("authenticationCallbackFailed", "callback failed")),
      check: (error) => assert.equal(error.code, "authenticationCallbackFailed"),
    },
    {
      name: "65,536 bytes",
      act: (h, id) => h.handle({ kind: "authResponse", id, authenticationData: new Uint8Array(65_536) }),
      check: (error) => assert.ok(error instanceof ValidationError && error.field.includes("authenticationData"), error.message),
    },
    {
      name: "CONNACK timeout",
      act: (h) => h.advanceBy(20_000),
      check: (error) => assert.equal(error.code, "connackTimeout"),
    },
  ];
  for (const { name, act, check } of cases) {
    const h = new CoreHarness(withAuth({}, { authenticationDataPerAttempt: true }));
    h.start();
    h.openTransport();
    act(h, lastChallenge(h).id);
    const failure = h.events.at(-1);
    assert.ok(failure?.kind === "connectionFailure", name);
    check(failure.error);
    assert.equal(h.written.length, 0, `${name}: nothing written`);
    assert.equal(h.closeCount, 1, name);
    assert.ok(h.core.nextDeadline() !== undefined, `${name}: a reconnect is scheduled`);
  }
});

test("a packet from the server before our CONNECT was sent → Protocol Error, no DISCONNECT", () => {
  const h = new CoreHarness(withAuth({}, { authenticationDataPerAttempt: true }));
  h.start();
  h.openTransport();
  expectProtocolViolation(h, () => h.connack({ authenticationMethod: METHOD }), { reasonCode: 0x82, writesDisconnect: false });
});

test("CONNACK 0x87 / 0x8C after a CONNECT with a method → authenticationFailed; other refusals stay connackRefused", () => {
  const cases = [
    { code: ConnectReasonCode.NotAuthorized, withMethod: true, expected: "authenticationFailed" },
    { code: ConnectReasonCode.BadAuthenticationMethod, withMethod: true, expected: "authenticationFailed" },
    { code: ConnectReasonCode.BadUsernameOrPassword, withMethod: true, expected: "connackRefused" },
    { code: ConnectReasonCode.NotAuthorized, withMethod: false, expected: "connackRefused" },
  ];
  for (const { code, withMethod, expected } of cases) {
    const h = new CoreHarness(withMethod ? withAuth() : {});
    h.start();
    h.openTransport();
    if (withMethod) {
      h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
      answer(h, lastChallenge(h).id, "client-final"); // the refusal comes at a later step [MQTT-4.12.0-4]
    }
    h.connack({ reasonCode: code, reasonString: "no" });
    const failure = h.events.at(-1);
    assert.ok(failure?.kind === "connectionFailure" && failure.connack?.reasonCode === code);
    assert.ok(failure.error instanceof ConnectionError);
    assert.equal(failure.error.code, expected, `0x${code.toString(16)} with method ${withMethod}`);
    assert.equal(failure.error.reasonCode, code);
    assert.equal(h.writtenOfType(PacketType.Disconnect).length, 0, "nothing is sent after a refusing CONNACK [MQTT-3.2.2-7]");
    assert.equal(successes(h).length, 0);
    assertLifecycleInvariants(h.events);
  }
});

test("server AUTH before CONNACK: only 0x18 with the CONNECT's method; the exchange is lock-step", () => {
  const violations: { name: string; packet: AuthPacket; answerFirst: boolean }[] = [
    { name: "0x00 Success before CONNACK [4.12.0-2]", packet: serverAuth(AuthReasonCode.Success), answerFirst: true },
    { name: "0x19 Re-authenticate [4.12.0-2]", packet: serverAuth(AuthReasonCode.ReAuthenticate), answerFirst: true },
    { name: "another method [4.12.0-5]", packet: serverAuth(AuthReasonCode.ContinueAuthentication, { authenticationMethod: "PLAIN" }), answerFirst: true },
    { name: "no method [X-27]", packet: { type: PacketType.Auth, reasonCode: AuthReasonCode.ContinueAuthentication }, answerFirst: true },
    { name: "a second challenge before our answer", packet: serverAuth(AuthReasonCode.ContinueAuthentication), answerFirst: false },
  ];
  for (const { name, packet, answerFirst } of violations) {
    const h = new CoreHarness(withAuth());
    h.start();
    h.openTransport();
    h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
    if (answerFirst) answer(h, lastChallenge(h).id, "client-final");
    const event = expectProtocolViolation(h, () => h.serverSends(packet), { reasonCode: 0x82 });
    assert.equal(event.kind, "connectionFailure", name);
  }
});

test("a successful CONNACK with another or no Authentication Method → Protocol Error [MQTT-4.12.0-5]", () => {
  for (const connack of [{ authenticationMethod: "PLAIN" }, {}]) {
    const h = new CoreHarness(withAuth());
    h.start();
    h.openTransport();
    expectProtocolViolation(h, () => h.connack(connack), { reasonCode: 0x82 });
    assert.equal(successes(h).length, 0);
  }
});

test("Request Problem Information 0: a server AUTH with a Reason String → Protocol Error [MQTT-3.1.2-29]", () => {
  const h = new CoreHarness(withAuth({ requestProblemInformation: false }));
  h.start();
  h.openTransport();
  expectProtocolViolation(h, () => h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication, { reasonString: "why" })), { reasonCode: 0x82 });
});

test("a failing answer abandons the exchange: DISCONNECT 0x80, then the attempt fails with that error", () => {
  const h = new CoreHarness(withAuth());
  h.start();
  h.openTransport();
  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
  const error = new ConnectionError("authenticationCallbackFailed", "callback failed");
  answer(h, lastChallenge(h).id, undefined, error);
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect, PacketType.Disconnect]);
  assert.equal(h.writtenOfType(PacketType.Disconnect)[0]?.reasonCode, DisconnectReasonCode.UnspecifiedError);
  const failure = h.events.at(-1);
  assert.ok(failure?.kind === "connectionFailure" && failure.error === error);
  assert.equal(h.writtenOfType(PacketType.Auth).length, 0);
});

test("only CONNECT and AUTH are written before CONNACK, whatever is submitted meanwhile [MQTT-3.1.2-30]", () => {
  const h = new CoreHarness(withAuth());
  h.start();
  h.openTransport();
  const ops = [h.publish("t/1", QoS.AtLeastOnce), h.publish("t/2", QoS.ExactlyOnce), h.subscribe("s/#"), h.unsubscribe("u")];
  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
  h.advanceBy(10_000);
  answer(h, lastChallenge(h).id, "client-final");
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect, PacketType.Auth]);
  h.connack({ authenticationMethod: METHOD });
  assert.deepEqual(
    h.writtenOnTransport.slice(2).map((p) => p.type),
    [PacketType.Publish, PacketType.Publish, PacketType.Subscribe, PacketType.Unsubscribe],
  );
  assert.ok(ops.every((op) => h.result(op) === undefined), "all in flight, none failed");
});

test("the CONNACK timeout bounds the whole exchange, including a challenge never answered", () => {
  const h = new CoreHarness(withAuth());
  h.start();
  h.openTransport();
  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
  h.advanceBy(19_999);
  assert.equal(h.closeCount, 0);
  h.advanceBy(1);
  const failure = h.events.at(-1);
  assert.ok(failure?.kind === "connectionFailure" && failure.error.code === "connackTimeout");
  answer(h, lastChallenge(h).id, "late");
  assert.equal(h.writtenOfType(PacketType.Auth).length, 0, "a late answer for an ended attempt is ignored");
});

test("without a method in CONNECT: no AUTH is ever sent, a server AUTH is a Protocol Error [MQTT-4.12.0-6, 4.12.0-7]", () => {
  const h = new CoreHarness();
  h.connect();
  reauthenticate(h, 1);
  const refusal = reauthFailures(h)[0];
  assert.ok(refusal !== undefined && refusal.error instanceof ValidationError);
  assert.equal(h.writtenOfType(PacketType.Auth).length, 0);
  expectProtocolViolation(h, () => h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication)), { reasonCode: 0x82 });
  assert.equal(h.writtenOfType(PacketType.Auth).length, 0);
});

test("re-authentication: AUTH 0x19 with the method, challenge rounds, AUTH 0x00 completes it; traffic continues", () => {
  const h = authenticated({}, { ackTimeoutMs: 10_000 });
  reauthenticate(h, 41, "re-first", { reasonString: "rotate" });
  const start = lastAuthWritten(h);
  assert.equal(start.reasonCode, AuthReasonCode.ReAuthenticate, "[MQTT-4.12.1-1]");
  assert.equal(start.authenticationMethod, METHOD);
  assert.equal(text(start.authenticationData), "re-first");
  assert.equal(start.reasonString, "rotate");

  const publish = h.publish("during/reauth", QoS.AtLeastOnce);
  assert.equal(h.lastWritten()?.type, PacketType.Publish, "normal traffic continues under the old authentication");
  h.serverSends({ type: PacketType.Puback, packetId: 1, reasonCode: 0 });
  assert.equal(h.result(publish)?.ok, true);

  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication, { authenticationData: bytes("re-server-first") }));
  const challenge = lastChallenge(h);
  assert.equal(challenge.reauthentication, true);
  assert.equal(text(challenge.challenge?.authenticationData), "re-server-first");
  answer(h, challenge.id, "re-final");
  const reply = lastAuthWritten(h);
  assert.equal(reply.reasonCode, AuthReasonCode.ContinueAuthentication);
  assert.equal(text(reply.authenticationData), "re-final");

  h.serverSends(serverAuth(AuthReasonCode.Success, { authenticationData: bytes("re-server-final") }));
  const success = successes(h).at(-1);
  assert.ok(success?.reauthentication === true && success.reauthenticationId === 41);
  assert.equal(success.final.type, PacketType.Auth);
  assert.equal(text(success.final.authenticationData), "re-server-final");
  assert.equal(h.core.isConnected(), true);
  h.advanceBy(20_000);
  assert.equal(h.core.isConnected(), true, "no re-authentication deadline is left armed");
  reauthenticate(h, 42);
  assert.equal(lastAuthWritten(h).reasonCode, AuthReasonCode.ReAuthenticate, "a completed re-authentication allows the next");
  assert.equal(reauthFailures(h).length, 0);
});

test("re-authentication refused by the server's DISCONNECT → reauthenticationFailed (authenticationFailed), connection closed [MQTT-4.12.1-2]", () => {
  const h = authenticated();
  reauthenticate(h, 7);
  h.serverSends({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NotAuthorized, reasonString: "expired" });
  const failure = reauthFailures(h)[0];
  assert.ok(failure !== undefined && failure.reauthenticationId === 7);
  assert.ok(failure.error instanceof ConnectionError);
  assert.equal(failure.error.code, "authenticationFailed");
  assert.equal(failure.error.reasonCode, DisconnectReasonCode.NotAuthorized);
  const disconnection = h.events.at(-1);
  assert.ok(disconnection?.kind === "disconnection" && disconnection.disconnect?.reasonCode === DisconnectReasonCode.NotAuthorized);
  assert.equal(h.core.isConnected(), false);
  assert.ok(h.core.nextDeadline() !== undefined, "reconnects (with a fresh CONNECT exchange)");
  assertLifecycleInvariants(h.events);
});

test("re-authentication: server AUTH 0x19, or AUTH with no re-authentication running → Protocol Error", () => {
  const cases: { name: string; start: boolean; packet: AuthPacket }[] = [
    { name: "0x19 from the server", start: true, packet: serverAuth(AuthReasonCode.ReAuthenticate) },
    { name: "0x18 unsolicited", start: false, packet: serverAuth(AuthReasonCode.ContinueAuthentication) },
    { name: "0x00 unsolicited", start: false, packet: serverAuth(AuthReasonCode.Success) },
    { name: "another method", start: true, packet: serverAuth(AuthReasonCode.Success, { authenticationMethod: "PLAIN" }) },
  ];
  for (const { name, start, packet } of cases) {
    const h = authenticated();
    if (start) reauthenticate(h, 3);
    const event = expectProtocolViolation(h, () => h.serverSends(packet), { reasonCode: 0x82 });
    assert.equal(event.kind, "disconnection", name);
    const failures = reauthFailures(h);
    assert.equal(failures.length, start ? 1 : 0, name);
    if (start) assert.ok(failures[0]?.error instanceof ProtocolError, name);
  }
});

test("reauthenticate refusals settle at once and leave the connection alone", () => {
  const notConnected = new CoreHarness(withAuth());
  reauthenticate(notConnected, 1);
  notConnected.start();
  notConnected.openTransport();
  reauthenticate(notConnected, 2); // CONNECT exchange still running
  assert.deepEqual(reauthFailures(notConnected).map((f) => [f.reauthenticationId, f.error.code]), [[1, "notConnected"], [2, "notConnected"]]);

  const h = authenticated({}, {});
  reauthenticate(h, 10);
  reauthenticate(h, 11);
  assert.deepEqual(reauthFailures(h).map((f) => [f.reauthenticationId, f.error.code]), [[11, "reauthenticationInProgress"]]);

  const small = authenticated();
  small.transportCloses();
  small.advanceBy(small.core.nextDeadline()! - small.nowMs);
  small.openTransport();
  small.connack({ authenticationMethod: METHOD, maximumPacketSize: 64 });
  small.handle({ kind: "reauthenticate", id: 20, authenticationData: new Uint8Array(100) });
  small.handle({ kind: "reauthenticate", id: 21, userProperties: [{ name: "a", value: "\u0000" }] });
  const [tooLarge, invalid] = reauthFailures(small);
  assert.ok(tooLarge?.error instanceof PacketTooLargeError);
  assert.ok(invalid?.error instanceof ValidationError, invalid?.error.message);
  assert.equal(small.core.isConnected(), true);
  assert.equal(small.writtenOnTransport.filter((p) => p.type === PacketType.Auth).length, 0);
  small.handle({ kind: "reauthenticate", id: 22, reasonString: "x".repeat(200) });
  assert.equal(lastAuthWritten(small).reasonString, undefined, "an AUTH sheds its Reason String to fit the server's maximum");
});

test("re-authentication is bounded by the ack timeout, re-armed at each step", () => {
  const h = authenticated({}, { ackTimeoutMs: 10_000 });
  reauthenticate(h, 5);
  h.advanceBy(9_000);
  h.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
  h.advanceBy(9_000); // the user takes 9 s to answer: still within a fresh timeout
  answer(h, lastChallenge(h).id, "re-final");
  h.advanceBy(9_999);
  assert.equal(h.core.isConnected(), true);
  h.advanceBy(1);
  const disconnect = h.writtenOfType(PacketType.Disconnect)[0];
  assert.equal(disconnect?.reasonCode, DisconnectReasonCode.UnspecifiedError);
  const failure = reauthFailures(h)[0];
  assert.ok(failure?.error.code === "authenticationTimeout");
  const disconnection = h.events.at(-1);
  assert.ok(disconnection?.kind === "disconnection" && disconnection.error === failure.error);

  const unbounded = authenticated({ keepAliveIntervalSeconds: 0 }, { ackTimeoutMs: 0 });
  reauthenticate(unbounded, 6);
  unbounded.advanceBy(3_600_000);
  assert.equal(reauthFailures(unbounded).length, 0, "ack timeout 0: no bound");
  assert.equal(unbounded.core.isConnected(), true);
});

test("rejecting the server's final data drops the connection; a verification answer is accepted once", () => {
  for (const phase of ["connect", "reauthentication"] as const) {
    const h = authenticated();
    if (phase === "reauthentication") {
      answer(h, successes(h)[0]!.id); // CONNACK verified
      reauthenticate(h, 9);
      h.serverSends(serverAuth(AuthReasonCode.Success));
    }
    const success = successes(h).at(-1)!;
    const error = new ConnectionError("authenticationCallbackFailed", "bad server signature");
    answer(h, success.id, undefined, error);
    assert.equal(h.lastWritten()?.type, PacketType.Disconnect, phase);
    const disconnection = h.events.at(-1);
    assert.ok(disconnection?.kind === "disconnection" && disconnection.error === error, phase);
  }
  const accepted = authenticated();
  const success = successes(accepted)[0]!;
  answer(accepted, success.id);
  answer(accepted, success.id, undefined, new ConnectionError("late", "late"));
  assert.equal(accepted.core.isConnected(), true, "the id was consumed by the first answer");
});

test("a re-authentication fails with the connection whatever ends it", () => {
  const lost = authenticated();
  reauthenticate(lost, 1);
  lost.transportCloses();
  assert.equal(reauthFailures(lost)[0]?.error.code, "unexpectedHangup");

  const stopped = authenticated();
  reauthenticate(stopped, 2);
  stopped.handle({ kind: "stop" });
  assert.equal(reauthFailures(stopped)[0]?.error.code, "userRequestedStop");
  assert.equal(stopped.events.at(-1)?.kind, "stopped");

  const stale = authenticated();
  reauthenticate(stale, 3);
  stale.serverSends(serverAuth(AuthReasonCode.ContinueAuthentication));
  const id = lastChallenge(stale).id;
  stale.transportCloses();
  stale.advanceBy(stale.core.nextDeadline()! - stale.nowMs);
  stale.openTransport();
  answer(stale, id, "stale");
  assert.deepEqual(stale.writtenOnTransport.map((p) => p.type), [PacketType.Connect], "a stale answer writes nothing");
  assertLifecycleInvariants(stale.events);
});
