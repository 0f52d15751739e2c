// CONNACK handling (MQTT 5 §3.2, behavior.md §1.2/§5/§6): refusals, Session Present after Clean Start, reason codes
// that MQTT 5 does not define for CONNACK, and the Assigned Client Identifier.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants, lifecycleKinds } from "../../support/lifecycle-invariants.js";
import { ConnectReasonCode, DisconnectReasonCode, PacketType, RetryJitterType } from "../../../src/core/model/enums.js";
import type { ConnackPacket } from "../../../src/core/model/packet.js";
import type { ClientEvent } from "../../../src/core/io.js";
import { ConnectionError, ProtocolError } from "../../../src/core/errors.js";

function failureOf(h: CoreHarness): Extract<ClientEvent, { kind: "connectionFailure" }> {
  const event = h.events.find((e) => e.kind === "connectionFailure");
  assert.ok(event?.kind === "connectionFailure", `no connectionFailure in ${lifecycleKinds(h.events).join(",")}`);
  return event;
}

function writtenTypes(h: CoreHarness): PacketType[] {
  return h.written.map((p) => p.type);
}

const REFUSALS: ReadonlyArray<[string, Partial<ConnackPacket>]> = [
  ["0x80 Unspecified error", { reasonCode: ConnectReasonCode.UnspecifiedError }],
  ["0x84 Unsupported protocol version", { reasonCode: ConnectReasonCode.UnsupportedProtocolVersion }],
  ["0x85 Client identifier not valid", { reasonCode: ConnectReasonCode.ClientIdentifierNotValid, reasonString: "bad id" }],
  ["0x86 Bad user name or password", { reasonCode: ConnectReasonCode.BadUsernameOrPassword }],
  ["0x87 Not authorized", { reasonCode: ConnectReasonCode.NotAuthorized }],
  ["0x8A Banned", { reasonCode: ConnectReasonCode.Banned }],
  ["0x9C Use another server, with Server Reference", { reasonCode: ConnectReasonCode.UseAnotherServer, serverReference: "other:8883" }],
  ["0x9F Connection rate exceeded", { reasonCode: ConnectReasonCode.ConnectionRateExceeded, userProperties: [{ name: "retry", value: "later" }] }],
];

for (const [name, fields] of REFUSALS) {
  test(`[MQTT-3.2.2-7] CONNACK ${name}: connectionFailure carrying the CONNACK, nothing more sent, retry after the backoff`, () => {
    const h = new CoreHarness({ retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 2000 });
    h.start();
    h.openTransport();
    const mark = h.actionLog.length;
    h.connack(fields);
    assert.deepEqual(h.actionKindsSince(mark), ["closeTransport", "emit:connectionFailure"]);
    const failure = failureOf(h);
    assert.deepEqual(failure.connack, { type: PacketType.Connack, sessionPresent: false, ...fields });
    assert.ok(failure.error instanceof ConnectionError);
    assert.equal(failure.error.code, "connackRefused");
    assert.equal(failure.error.reasonCode, fields.reasonCode);
    assert.deepEqual(writtenTypes(h), [PacketType.Connect], "no DISCONNECT after a refusal");
    h.advanceBy(1999);
    assert.equal(h.pendingOpenAttempt, undefined, "no blind immediate retry");
    h.advanceBy(1);
    assert.ok(h.pendingOpenAttempt !== undefined, "retried after the backoff");
    assertLifecycleInvariants(h.events);
  });
}

test("[MQTT-3.2.2-6] refusal with Session Present 1: ProtocolError, connection closed, no DISCONNECT", () => {
  const h = new CoreHarness();
  h.start();
  h.openTransport();
  h.connack({ reasonCode: ConnectReasonCode.NotAuthorized, sessionPresent: true });
  const failure = failureOf(h);
  assert.ok(failure.error instanceof ProtocolError);
  assert.equal(failure.error.reasonCode, 0x82);
  assert.equal(h.transportOpen, false);
  assert.deepEqual(writtenTypes(h), [PacketType.Connect]);
});

test("[MQTT-3.2.2-2] Session Present 1 in answer to Clean Start: connection failure (DISCONNECT 0x82), then a new attempt", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None });
  h.start();
  h.openTransport();
  h.connack({ sessionPresent: true });
  const failure = failureOf(h);
  assert.ok(failure.error instanceof ProtocolError);
  assert.equal(failure.error.reasonCode, 0x82);
  assert.equal(h.core.isConnected(), false);
  assert.deepEqual(writtenTypes(h), [PacketType.Connect, PacketType.Disconnect]);
  const disconnect = h.lastWritten();
  assert.equal(disconnect?.type === PacketType.Disconnect ? disconnect.reasonCode : -1, DisconnectReasonCode.ProtocolError);
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
  h.connack();
  assert.equal(h.core.isConnected(), true);
  assertLifecycleInvariants(h.events);
});

for (const code of [0x01, 0x02, 0x05, 0x10, 0x7f]) {
  test(`[MQTT-3.2.2-8] CONNACK reason code 0x${code.toString(16).padStart(2, "0")} (not an MQTT 5 code) → ProtocolError, DISCONNECT 0x82`, () => {
    const h = new CoreHarness();
    h.start();
    h.openTransport();
    h.serverSendsBytes(new Uint8Array([0x20, 0x03, 0x00, code, 0x00]));
    const failure = failureOf(h);
    assert.ok(failure.error instanceof ProtocolError);
    assert.equal(failure.error.reasonCode, 0x82);
    assert.equal(h.core.isConnected(), false);
    const disconnect = h.lastWritten();
    assert.ok(disconnect?.type === PacketType.Disconnect && disconnect.reasonCode === 0x82);
  });
}

test("[MQTT-3.1.3-7] Assigned Client Identifier is adopted and sent in every later CONNECT, also after stop/start", () => {
  const h = new CoreHarness({ connect: { clientId: "", keepAliveIntervalSeconds: 60 } });
  h.connect({ assignedClientIdentifier: "auto-42" });
  assert.ok(h.core.isConnected());
  h.transportCloses();
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
  h.connack();
  h.handle({ kind: "stop" });
  h.start();
  h.openTransport();
  h.connack();
  const clientIds = h.writtenOfType(PacketType.Connect).map((c) => c.clientId);
  assert.deepEqual(clientIds, ["", "auto-42", "auto-42"]);
  const settings = h.events.filter((e) => e.kind === "connectionSuccess").map((e) => (e.kind === "connectionSuccess" ? e.settings.clientId : ""));
  assert.deepEqual(settings, ["auto-42", "auto-42", "auto-42"]);
  assertLifecycleInvariants(h.events);
});

test("[MQTT-3.2.2-16] empty Client Identifier sent and no Assigned Client Identifier: ProtocolError, DISCONNECT 0x82", () => {
  const h = new CoreHarness({ connect: { clientId: "", keepAliveIntervalSeconds: 60 } });
  h.start();
  h.openTransport();
  h.connack();
  const failure = failureOf(h);
  assert.ok(failure.error instanceof ProtocolError);
  assert.equal(failure.error.reasonCode, 0x82);
  assert.equal(h.core.isConnected(), false);
  const disconnect = h.lastWritten();
  assert.ok(disconnect?.type === PacketType.Disconnect && disconnect.reasonCode === 0x82);
  assert.equal(h.events.some((e) => e.kind === "connectionSuccess"), false);
});

test("[MQTT-4.12.0-6] success CONNACK with an Authentication Method although CONNECT had none: ProtocolError 0x82", () => {
  const h = new CoreHarness();
  h.start();
  h.openTransport();
  h.connack({ authenticationMethod: "SCRAM-SHA-1" });
  const failure = failureOf(h);
  assert.ok(failure.error instanceof ProtocolError && failure.error.reasonCode === 0x82);
  const disconnect = h.lastWritten();
  assert.ok(disconnect?.type === PacketType.Disconnect && disconnect.reasonCode === 0x82);
});

test("a CONNACK split into single bytes is handled exactly like one chunk", () => {
  const h = new CoreHarness();
  h.start();
  h.openTransport();
  const bytes = [0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x07]; // Receive Maximum 7
  for (const byte of bytes) h.serverSendsBytes(new Uint8Array([byte]));
  const success = h.events.find((e) => e.kind === "connectionSuccess");
  assert.ok(success?.kind === "connectionSuccess");
  assert.equal(success.settings.receiveMaximumFromServer, 7);
});
