// Idle memory: the core's Map tables start as the one shared empty Map (lazy-map.ts), and every table gives back its
// storage when a PINGREQ finds it empty (idle-memory.ts). What matters is that no flow notices: the shared Map never receives an entry
// from any client, and every flow works the same before and after the tables were released.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../../support/core-harness.js";
import {
  acknowledge,
  acknowledgementIdOf,
  messages,
  onTransportOfType,
  puback,
  pubcomp,
  pubrec,
  pubrel,
  reconnect,
  serverPublish,
  settledValue,
  suback,
} from "../../../support/session-helpers.js";
import { ClientSessionBehavior, PacketType, QoS } from "../../../../src/core/model/enums.js";
import { sharedEmptyMap } from "../../../../src/core/lazy-map.js";

const pingresp = { type: PacketType.Pingresp } as const;

function connected(keepAliveSeconds = 10): CoreHarness {
  const h = new CoreHarness({
    connect: { clientId: "idle", keepAliveIntervalSeconds: keepAliveSeconds, sessionExpiryIntervalSeconds: 600 },
    sessionBehavior: ClientSessionBehavior.RejoinAlways,
  });
  h.connect();
  return h;
}

/** Every table a flow below uses, filled and emptied once, in both directions. */
function exerciseEveryTable(h: CoreHarness): void {
  const subscribe = h.subscribe("t/#");
  h.serverSends(suback(onTransportOfType(h, PacketType.Subscribe).at(-1)?.packetId ?? 0, 1));
  settledValue(h, subscribe);
  const qos1 = h.publish("out/1", QoS.AtLeastOnce);
  h.serverSends(puback(onTransportOfType(h, PacketType.Publish).at(-1)?.packetId ?? 0));
  settledValue(h, qos1);
  const qos2 = h.publish("out/2", QoS.ExactlyOnce);
  const qos2Id = onTransportOfType(h, PacketType.Publish).at(-1)?.packetId ?? 0;
  h.serverSends(pubrec(qos2Id));
  h.serverSends(pubcomp(qos2Id));
  settledValue(h, qos2);
  const before = messages(h).length;
  h.serverSends(serverPublish("t/1", QoS.AtLeastOnce, 7), serverPublish("t/2", QoS.ExactlyOnce, 8));
  acknowledge(h, acknowledgementIdOf(h, before));
  acknowledge(h, acknowledgementIdOf(h, before + 1));
  h.serverSends(pubrel(8));
  assert.deepEqual(
    h.writtenOnTransport.slice(-3).map((p) => PacketType[p.type]),
    ["Puback", "Pubrec", "Pubcomp"],
  );
}

test("the shared empty Map never receives an entry, whatever the clients do", () => {
  const idle = connected();
  const busy = connected();
  exerciseEveryTable(busy);
  assert.equal(sharedEmptyMap().size, 0);
  // An unacknowledged publish and an unacknowledged inbound message survive a reconnect with the session.
  const pending = busy.publish("out/later", QoS.AtLeastOnce);
  busy.serverSends(serverPublish("t/3", QoS.ExactlyOnce, 9));
  reconnect(busy, true);
  assert.equal(sharedEmptyMap().size, 0);
  busy.serverSends(puback(onTransportOfType(busy, PacketType.Publish).at(-1)?.packetId ?? 0));
  settledValue(busy, pending);
  busy.handle({ kind: "stop" });
  idle.handle({ kind: "close" });
  assert.equal(sharedEmptyMap().size, 0);
  busy.assertAllSettled();
});

test("after an idle PINGREQ handed the tables back, every flow works as before", () => {
  const h = connected(10);
  exerciseEveryTable(h);
  h.advanceBy(10_000);
  assert.equal(h.lastWritten()?.type, PacketType.Pingreq);
  h.serverSends(pingresp);
  exerciseEveryTable(h);
  assert.equal(sharedEmptyMap().size, 0);
  h.assertAllSettled();
});

test("what is still in flight at an idle PINGREQ is kept: the acknowledgements complete afterwards", () => {
  const h = connected(10);
  const qos1 = h.publish("out/1", QoS.AtLeastOnce);
  const packetId = onTransportOfType(h, PacketType.Publish).at(-1)?.packetId ?? 0;
  const before = messages(h).length;
  h.serverSends(serverPublish("t/q2", QoS.ExactlyOnce, 5));
  h.advanceBy(10_000); // nothing written since the PUBLISH: PINGREQ, with the PUBACK and the user's ack owed
  assert.equal(h.lastWritten()?.type, PacketType.Pingreq);
  h.serverSends(pingresp, puback(packetId));
  settledValue(h, qos1);
  acknowledge(h, acknowledgementIdOf(h, before));
  assert.deepEqual(h.lastWritten(), { type: PacketType.Pubrec, packetId: 5, reasonCode: 0 });
  h.serverSends(pubrel(5));
  assert.deepEqual(h.lastWritten(), { type: PacketType.Pubcomp, packetId: 5, reasonCode: 0 });
  h.assertAllSettled();
});
