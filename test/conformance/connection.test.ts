// Conformance checklist (mqtt5-conformance.md §7), rows with Where = conn, shown through the protocol core.
// Enhanced authentication rows drive the AUTH exchange through the core's authChallenge / authResponse seam
// (support/auth-exchange.ts). The WebSocket rows (#218, #220,
// #221) are transport behaviour: test/conformance/websocket.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../support/core-harness.js";
import { assertLifecycleInvariants } from "../support/lifecycle-invariants.js";
import { expectProtocolViolation, frame } from "../support/violation-check.js";
import { encodePacket } from "../../src/core/codec/index.js";
import { ConnectReasonCode, DisconnectReasonCode, PacketType, QoS, RetryJitterType } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import { ProtocolError } from "../../src/core/errors.js";
import type { ClientEvent } from "../../src/core/io.js";
import {
  AUTH_METHOD,
  answerAuth,
  authenticated,
  inAuthExchange,
  lastAuthWritten,
  lastChallenge,
  reauthenticate,
  reauthenticationFailures,
  serverAuth,
  withAuth,
} from "../support/auth-exchange.js";


function finalEvent(h: CoreHarness): Extract<ClientEvent, { kind: "connectionFailure" | "disconnection" }> | undefined {
  for (let i = h.events.length - 1; i >= 0; i--) {
    const event = h.events[i];
    if (event?.kind === "connectionFailure" || event?.kind === "disconnection") return event;
  }
  return undefined;
}

function reconnect(h: CoreHarness): void {
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
}

test("[3.1.0-1] #24 CONNECT is the first packet on every connection; earlier API calls wait for the CONNACK", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None });
  const beforeStart = h.publish("early/1", QoS.AtLeastOnce);
  h.start();
  h.subscribe("early/#");
  h.openTransport();
  h.unsubscribe("early/x");
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect], "nothing but CONNECT before the CONNACK");
  h.connack();
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect, PacketType.Publish, PacketType.Subscribe, PacketType.Unsubscribe]);
  assert.equal(h.result(beforeStart), undefined);
  for (let i = 0; i < 3; i++) {
    h.transportCloses();
    reconnect(h);
    assert.equal(h.writtenOnTransport[0]?.type, PacketType.Connect);
    h.connack();
  }
});

test("[3.1.0-2] #25 a second CONNECT is never sent on the same connection", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 5 } });
  h.connect();
  for (let i = 0; i < 10; i++) {
    h.publish(`t/${i}`, i % 3);
    h.advanceBy(5_000);
    h.serverSends({ type: PacketType.Pingresp });
    h.serverSends({ type: PacketType.Puback, packetId: i + 1, reasonCode: 0 });
  }
  h.serverSends({ type: PacketType.Connack, sessionPresent: false, reasonCode: 0 }); // provoke: a second CONNACK
  assert.equal(h.writtenOnTransport.filter((p) => p.type === PacketType.Connect).length, 1);
  assert.equal(h.written.filter((p) => p.type === PacketType.Connect).length, 1, "the connection ended without a new CONNECT on it");
});

test("[3.1.2-20] #38 PINGREQ goes out when nothing else was sent for Keep Alive seconds", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 15 } });
  h.connect();
  h.advanceBy(10_000);
  h.publish("t", QoS.AtMostOnce); // resets the silence
  h.advanceBy(14_999);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
  h.advanceBy(1);
  assert.deepEqual(h.lastWritten(), { type: PacketType.Pingreq });
});

test("[3.1.2-21] #39 Server Keep Alive replaces the client's Keep Alive; 0 turns keep-alive off", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 100 } });
  h.connect({ serverKeepAlive: 7 });
  h.advanceBy(7_000);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 1);
  const off = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 1 } });
  off.connect({ serverKeepAlive: 0 });
  off.advanceBy(3600_000);
  assert.equal(off.writtenOfType(PacketType.Pingreq).length, 0);
  assert.equal(off.core.isConnected(), true);
});

test("[3.1.2-30] #46 with an Authentication Method only AUTH or DISCONNECT are sent until CONNACK", () => {
  const h = new CoreHarness(withAuth({ keepAliveIntervalSeconds: 5 }));
  h.start();
  h.openTransport();
  h.publish("early/1", QoS.AtLeastOnce);
  h.subscribe("early/#");
  for (let round = 0; round < 3; round++) {
    h.advanceBy(6_000); // Keep Alive passes: no PINGREQ before CONNACK either
    h.serverSends(serverAuth(0x18));
    answerAuth(h, lastChallenge(h).id, `round-${round}`);
  }
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect, PacketType.Auth, PacketType.Auth, PacketType.Auth]);
  h.serverSends(serverAuth(0x18));
  answerAuth(h, lastChallenge(h).id, undefined, new ProtocolError(0x80, "abandoned")); // the client may give up: DISCONNECT
  assert.deepEqual(h.writtenOnTransport.slice(4).map((p) => p.type), [PacketType.Disconnect]);
  assertLifecycleInvariants(h.events);
});

test("[3.1.3-8] #52 CONNACK 0x85 fails the attempt as 'client identifier not valid'; no immediate blind retry", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 5000 });
  h.start();
  h.openTransport();
  h.connack({ reasonCode: ConnectReasonCode.ClientIdentifierNotValid });
  const failure = finalEvent(h);
  assert.ok(failure?.kind === "connectionFailure");
  assert.equal(failure.connack?.reasonCode, 0x85);
  assert.equal(failure.error.code, "connackRefused");
  assert.equal((failure.error as { reasonCode?: number }).reasonCode, 0x85);
  h.advanceBy(4_999);
  assert.equal(h.pendingOpenAttempt, undefined, "the retry waits for the reconnect backoff");
});

const EARLY_PACKETS: Packet[] = [
  { type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false, duplicate: false },
  { type: PacketType.Puback, packetId: 1, reasonCode: 0 },
  { type: PacketType.Pubrec, packetId: 1, reasonCode: 0 },
  { type: PacketType.Pubrel, packetId: 1, reasonCode: 0 },
  { type: PacketType.Pubcomp, packetId: 1, reasonCode: 0 },
  { type: PacketType.Suback, packetId: 1, reasonCodes: [0] },
  { type: PacketType.Unsuback, packetId: 1, reasonCodes: [0] },
  { type: PacketType.Pingresp },
  { type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: "m" },
];

test("[3.2.0-1] #57 before the CONNACK anything but CONNACK → connection failure, DISCONNECT 0x82", () => {
  for (const packet of EARLY_PACKETS) {
    const h = new CoreHarness();
    h.start();
    h.openTransport();
    const failure = expectProtocolViolation(h, () => h.serverSends(packet), { reasonCode: 0x82 });
    assert.equal(failure.kind, "connectionFailure", PacketType[packet.type]);
  }
});

test("[3.2.0-2] #58 a second CONNACK on the same connection → DISCONNECT 0x82", () => {
  for (const second of [{ reasonCode: 0 }, { reasonCode: ConnectReasonCode.NotAuthorized }] as const) {
    const h = new CoreHarness();
    h.connect();
    const event = expectProtocolViolation(h, () => h.connack(second), { reasonCode: 0x82 });
    assert.equal(event.kind, "disconnection");
  }
});

test("[3.2.2-7] #64 CONNACK ≥ 0x80: attempt failed, nothing more sent, code, Reason String and Server Reference surfaced", () => {
  const h = new CoreHarness();
  h.start();
  h.publish("queued", QoS.AtLeastOnce);
  h.openTransport();
  h.connack({ reasonCode: ConnectReasonCode.ServerMoved, reasonString: "moved", serverReference: "new-host:8883" });
  assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect]);
  assert.equal(h.transportOpen, false);
  const failure = finalEvent(h);
  assert.ok(failure?.kind === "connectionFailure" && failure.connack !== undefined);
  assert.equal(failure.connack.reasonCode, ConnectReasonCode.ServerMoved);
  assert.equal(failure.connack.reasonString, "moved");
  assert.equal(failure.connack.serverReference, "new-host:8883");
  assert.match(failure.error.message, /0x9d/);
  assert.match(failure.error.message, /moved/);
});

test("[3.2.2-21] #74 the keep-alive timer runs on Server Keep Alive when present", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 60 }, pingTimeoutMs: 1_000 });
  h.connect({ serverKeepAlive: 4 });
  h.advanceBy(4_000);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 1);
  h.advanceBy(1_000); // timeout follows the server's value too: min(1 s, 4 s / 2)
  assert.equal(h.core.isConnected(), false);
});

test("[3.2.2-22] #75 without Server Keep Alive the client's own Keep Alive stays in force", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 9 } });
  h.connect();
  h.advanceBy(8_999);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
  h.advanceBy(1);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 1);
});

test("[3.12.4-1] #147 each PINGREQ expects a PINGRESP; none within the timeout → DISCONNECT 0x8D and close", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 10 }, pingTimeoutMs: 3_000 });
  h.connect();
  h.advanceBy(10_000);
  h.serverSends({ type: PacketType.Pingresp });
  h.advanceBy(10_000 + 2_999);
  assert.equal(h.core.isConnected(), true, "the first PINGREQ was answered");
  h.advanceBy(1);
  assert.equal(h.core.isConnected(), false);
  assert.equal(h.transportOpen, false);
  const disconnect = h.lastWritten();
  assert.ok(disconnect?.type === PacketType.Disconnect && disconnect.reasonCode === DisconnectReasonCode.KeepAliveTimeout);
  assert.equal(finalEvent(h)?.error.code, "pingTimeout");
});

test("[3.14.0-1] #149 DISCONNECT before a successful CONNACK: the attempt fails, no DISCONNECT in reply, reconnect", () => {
  const h = new CoreHarness();
  h.start();
  h.openTransport();
  h.serverSends({ type: PacketType.Disconnect, reasonCode: 0x87, reasonString: "no" });
  const failure = finalEvent(h);
  assert.ok(failure?.kind === "connectionFailure");
  assert.equal(h.events.some((e) => e.kind === "connectionSuccess"), false);
  assert.equal(h.writtenOfType(PacketType.Disconnect).length, 0);
  assert.equal(h.transportOpen, false);
  assert.ok(h.core.nextDeadline() !== undefined);
  assertLifecycleInvariants(h.events);
});

test("[3.14.0-1] #149 DISCONNECT before CONNACK is reported as a ProtocolError 0x82 (naming the server's reason)", () => {
  const h = new CoreHarness();
  h.start();
  h.openTransport();
  h.serverSends({ type: PacketType.Disconnect, reasonCode: 0x87 });
  const failure = finalEvent(h);
  assert.ok(failure?.error instanceof ProtocolError);
  assert.equal(failure.error.reasonCode, 0x82);
  assert.match(failure.error.message, /0x87/);
});

test("[3.14.4-1] #155 after our DISCONNECT nothing more is written on that connection", () => {
  // (a) stop(DISCONNECT) queued behind a write, with operations, acks and a due PINGREQ waiting.
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 5 } });
  h.connect();
  h.autoCompleteWrites = false;
  h.publish("first", QoS.AtMostOnce);
  h.publish("queued", QoS.AtLeastOnce);
  h.serverSends({ type: PacketType.Publish, topicName: "in", payload: new Uint8Array(1), qos: QoS.ExactlyOnce, retain: false, duplicate: false, packetId: 9 });
  const received = h.events.find((e) => e.kind === "messageReceived");
  h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: 0 } });
  if (received?.kind === "messageReceived" && received.acknowledgementId !== undefined) h.handle({ kind: "acknowledge", acknowledgementId: received.acknowledgementId });
  h.advanceBy(4_000);
  h.completeWrite();
  assert.equal(h.writtenOnTransport.at(-1)?.type, PacketType.Disconnect);
  h.advanceBy(3_000);
  assert.equal(h.writtenOnTransport.at(-1)?.type, PacketType.Disconnect, "not even a PINGREQ after the DISCONNECT");
  // (b) a protocol error's DISCONNECT: later inputs on the dead connection write nothing.
  const p = new CoreHarness();
  p.connect();
  p.serverSendsBytes(new Uint8Array([0x00, 0x00]));
  const count = p.written.length;
  p.handle({ kind: "writeCompleted" });
  p.serverSends({ type: PacketType.Pingresp });
  assert.equal(p.written.length, count);
  assert.equal(p.written.at(-1)?.type, PacketType.Disconnect);
});

test("[3.14.4-2] #156 after sending DISCONNECT the client closes the connection", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: 0 } });
  assert.equal(h.transportOpen, true, "waits for the DISCONNECT write to complete");
  const mark = h.actionLog.length;
  h.completeWrite();
  assert.equal(h.actionKindsSince(mark)[0], "closeTransport");
  assert.equal(h.transportOpen, false);
});

test("[4.2.0-1] #165 the core consumes an ordered byte stream: any chunking gives the same result", () => {
  const stream = new Uint8Array([
    ...encodePacket({ type: PacketType.Connack, sessionPresent: false, reasonCode: 0, receiveMaximum: 3 }),
    ...encodePacket({ type: PacketType.Publish, topicName: "a/b", payload: new Uint8Array(300), qos: QoS.AtLeastOnce, retain: false, duplicate: false, packetId: 4 }),
    ...encodePacket({ type: PacketType.Pingresp }),
  ]);
  const outcome = (chunkSize: number): string => {
    const h = new CoreHarness();
    h.start();
    h.openTransport();
    for (let i = 0; i < stream.length; i += chunkSize) h.serverSendsBytes(stream.subarray(i, i + chunkSize));
    return JSON.stringify(h.events, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
  };
  const whole = outcome(stream.length);
  assert.match(whole, /messageReceived/);
  for (const size of [1, 2, 3, 7, 64, 301]) assert.equal(outcome(size), whole, `chunks of ${size}`);
});

test("[4.12.0-1] #207 CONNACK 0x8C/0x87 after a CONNECT with a method → authentication failed, connection closed", () => {
  for (const code of [ConnectReasonCode.BadAuthenticationMethod, ConnectReasonCode.NotAuthorized]) {
    const h = new CoreHarness(withAuth());
    h.start();
    h.openTransport();
    h.connack({ reasonCode: code });
    const event = finalEvent(h);
    assert.ok(event?.kind === "connectionFailure" && event.connack?.reasonCode === code);
    assert.equal(event.error.code, "authenticationFailed");
    assert.equal((event.error as { reasonCode?: number }).reasonCode, code);
    assert.equal(h.closeCount, 1);
    assert.deepEqual(h.writtenOnTransport.map((p) => p.type), [PacketType.Connect], "nothing is sent after the refusal");
    assertLifecycleInvariants(h.events);
  }
});

test("[4.12.0-3] #209 the client answers a server AUTH with AUTH 0x18 (same method, the callback's data)", () => {
  const h = new CoreHarness(withAuth());
  h.start();
  h.openTransport();
  h.serverSends(serverAuth(0x18, { authenticationData: new Uint8Array([9]) }));
  const challenge = lastChallenge(h);
  assert.deepEqual([...(challenge.challenge?.authenticationData ?? [])], [9]);
  answerAuth(h, challenge.id, "answer");
  const auth = lastAuthWritten(h);
  assert.equal(auth.reasonCode, 0x18);
  assert.equal(auth.authenticationMethod, AUTH_METHOD);
  assert.equal(new TextDecoder().decode(auth.authenticationData), "answer");
});

test("[4.12.0-4] #210 CONNACK ≥ 0x80 at any step of the AUTH exchange ends the attempt", () => {
  for (const rounds of [0, 1, 3]) {
    for (const code of [ConnectReasonCode.UnspecifiedError, ConnectReasonCode.NotAuthorized, ConnectReasonCode.BadAuthenticationMethod]) {
      const h = new CoreHarness(withAuth());
      h.start();
      h.openTransport();
      for (let round = 0; round < rounds; round++) {
        h.serverSends(serverAuth(0x18));
        if (round < rounds - 1) answerAuth(h, lastChallenge(h).id, "next");
      }
      const written = h.writtenOnTransport.length;
      h.connack({ reasonCode: code }); // possibly while the last answer is still being prepared
      if (rounds > 0) answerAuth(h, lastChallenge(h).id, "late");
      const event = finalEvent(h);
      assert.ok(event?.kind === "connectionFailure" && event.connack?.reasonCode === code, `${rounds} rounds, 0x${code.toString(16)}`);
      assert.equal(h.writtenOnTransport.length, written, "nothing written after the refusal, not even the late answer");
      assert.equal(h.core.isConnected(), false);
      assert.ok(h.core.nextDeadline() !== undefined, "a reconnect is scheduled");
    }
  }
});

test("[4.12.1-1] #214 re-authentication only after CONNACK, via AUTH 0x19 with the original method", () => {
  const h = inAuthExchange();
  reauthenticate(h, 1);
  assert.equal(reauthenticationFailures(h)[0]?.error.code, "notConnected");
  assert.deepEqual(h.writtenOnTransport.map((p) => (p.type === PacketType.Auth ? p.reasonCode : p.type)), [PacketType.Connect, 0x18], "no AUTH 0x19 before CONNACK");
  h.connack({ authenticationMethod: AUTH_METHOD });
  reauthenticate(h, 2);
  const auth = lastAuthWritten(h);
  assert.equal(auth.reasonCode, 0x19);
  assert.equal(auth.authenticationMethod, AUTH_METHOD);
});

test("[4.12.1-2] #215 failed re-authentication → DISCONNECT and close", () => {
  const refused = authenticated();
  reauthenticate(refused, 1);
  refused.serverSends({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NotAuthorized });
  assert.equal(reauthenticationFailures(refused)[0]?.error.code, "authenticationFailed");
  assert.equal(refused.closeCount, 1, "the connection is closed");
  assert.equal(finalEvent(refused)?.kind, "disconnection");

  const abandoned = authenticated();
  reauthenticate(abandoned, 2);
  abandoned.serverSends(serverAuth(0x18));
  answerAuth(abandoned, lastChallenge(abandoned).id, undefined, new ProtocolError(0x80, "cannot continue"));
  assert.equal(abandoned.lastWritten()?.type, PacketType.Disconnect, "the client ends a failed re-authentication with DISCONNECT");
  assert.equal(abandoned.closeCount, 1);
  assert.equal(reauthenticationFailures(abandoned)[0]?.error.message, "cannot continue");
  for (const h of [refused, abandoned]) assertLifecycleInvariants(h.events);
});

test("[X-29] #216 on a Malformed Packet or Protocol Error the client sends DISCONNECT 0x81/0x82 and closes", () => {
  const malformed = new CoreHarness();
  malformed.connect();
  expectProtocolViolation(malformed, () => malformed.serverSendsBytes(frame(0x40, [0x00])), { reasonCode: 0x81 });
  const protocol = new CoreHarness();
  protocol.connect();
  expectProtocolViolation(protocol, () => protocol.serverSendsBytes(new Uint8Array([0xc0, 0x00])), { reasonCode: 0x82 });
});

test("[4.13.2-1] #217 CONNACK or DISCONNECT with a code ≥ 0x80, sent or received, ends with the connection closed", () => {
  const refused = new CoreHarness();
  refused.start();
  refused.openTransport();
  refused.connack({ reasonCode: ConnectReasonCode.ServerBusy });
  assert.equal(refused.transportOpen, false);
  const serverDisconnect = new CoreHarness();
  serverDisconnect.connect();
  serverDisconnect.serverSends({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.ServerBusy });
  assert.equal(serverDisconnect.transportOpen, false);
  const ourDisconnect = new CoreHarness();
  ourDisconnect.connect();
  ourDisconnect.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.UnspecifiedError } });
  assert.equal(ourDisconnect.lastWritten()?.type, PacketType.Disconnect);
  assert.equal(ourDisconnect.transportOpen, false);
  for (const h of [refused, serverDisconnect, ourDisconnect]) assertLifecycleInvariants(h.events, { complete: true });
});

test("[6.0.0-2] #219 packets are reassembled independently of frame boundaries (one frame, many packets, split packets)", () => {
  const h = new CoreHarness();
  h.connect();
  const publishes = [1, 2, 3].map((i) => encodePacket({ type: PacketType.Publish, topicName: `f/${i}`, payload: new Uint8Array(50), qos: QoS.AtMostOnce, retain: false, duplicate: false }));
  const all = new Uint8Array(publishes.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of publishes) {
    all.set(p, offset);
    offset += p.length;
  }
  h.serverSendsBytes(all.subarray(0, 10)); // a frame ending inside the first packet's topic
  h.serverSendsBytes(all.subarray(10, 120)); // the rest of packet 1, packet 2 and part of packet 3
  h.serverSendsBytes(all.subarray(120));
  const topics = h.events.filter((e) => e.kind === "messageReceived").map((e) => (e.kind === "messageReceived" ? e.message.topicName : ""));
  assert.deepEqual(topics, ["f/1", "f/2", "f/3"]);
});

