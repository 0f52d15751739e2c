// Conformance row 68: no outgoing packet exceeds the server's Maximum Packet Size. The encoder enforces it (the
// validator does not re-measure packets): too large and not shrinkable → PacketTooLargeError, never oversized bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, PubackReasonCode, QoS } from "../../src/core/model/enums.js";
import type { PubackPacket, PublishPacket } from "../../src/core/model/packet.js";
import { encodePacket, packetSize } from "../../src/core/codec/index.js";
import { PacketTooLargeError } from "../../src/core/errors.js";

const publish: PublishPacket = {
  type: PacketType.Publish,
  topicName: "a/b",
  payload: new Uint8Array(100),
  qos: QoS.AtLeastOnce,
  retain: false,
  duplicate: false,
  packetId: 1,
};

test("[3.2.2-15] #68 no outgoing packet exceeds the server's Maximum Packet Size", () => {
  const size = packetSize(publish);
  assert.equal(encodePacket(publish, { maximumPacketSizeBytes: size }).length, size);
  assert.throws(
    () => encodePacket(publish, { maximumPacketSizeBytes: size - 1 }),
    (error: unknown) =>
      error instanceof PacketTooLargeError && error.sizeBytes === size && error.maximumPacketSizeBytes === size - 1,
  );

  // An acknowledgement sheds its optional Reason String / User Properties rather than exceed the limit.
  const puback: PubackPacket = {
    type: PacketType.Puback,
    packetId: 1,
    reasonCode: PubackReasonCode.UnspecifiedError,
    reasonString: "r".repeat(200),
    userProperties: [{ name: "n", value: "v".repeat(200) }],
  };
  const limit = 64;
  assert.ok(packetSize(puback) > limit);
  assert.ok(encodePacket(puback, { maximumPacketSizeBytes: limit }).length <= limit);
});
