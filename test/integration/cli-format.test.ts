// The CLI's renderings (src/cli/format.ts, src/cli/output.ts), in process: payloads as UTF-8 or hex, ArrayBuffers
// decoded, reason codes and QoS with their enum names, secrets never shown.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mqtt5 } from "../../src/index.js";
import { formatBinary, formatError, formatPacket, formatReasonCode, formatSettings } from "../../src/cli/format.js";
import { Output, type LineSink } from "../../src/cli/output.js";

const bytes = (...values: number[]): ArrayBuffer => new Uint8Array(values).buffer;

describe("CLI format: binary data", () => {
  it("shows valid UTF-8 as a quoted string with its byte count, from an ArrayBuffer or any view", () => {
    const encoded = new TextEncoder().encode("héllo ✓");
    assert.equal(formatBinary(encoded.buffer), '"héllo ✓" (10 bytes)');
    assert.equal(formatBinary(Buffer.from("héllo ✓")), '"héllo ✓" (10 bytes)');
    assert.equal(formatBinary(new DataView(encoded.buffer)), '"héllo ✓" (10 bytes)');
  });

  it("shows exactly the bytes of a view, not its whole buffer", () => {
    const backing = new TextEncoder().encode("xxABCyy");
    assert.equal(formatBinary(new Uint8Array(backing.buffer, 2, 3)), '"ABC" (3 bytes)');
  });

  it("shows invalid UTF-8 as hex", () => {
    assert.equal(formatBinary(bytes(0xff, 0x00, 0x10)), "0xff0010 (3 bytes, binary)");
    // A lone continuation byte and a truncated sequence are invalid too.
    assert.equal(formatBinary(bytes(0x80)), "0x80 (1 bytes, binary)");
    assert.equal(formatBinary(bytes(0x41, 0xe2, 0x82)), "0x41e282 (3 bytes, binary)");
  });

  it("escapes control characters, marks empty payloads, encodes strings and objects as the client sends them", () => {
    assert.equal(formatBinary(bytes(0x61, 0x0a, 0x00)), '"a\\n\\u0000" (3 bytes)');
    assert.equal(formatBinary(new ArrayBuffer(0)), "<empty>");
    assert.equal(formatBinary("plain"), '"plain" (5 bytes)');
    assert.equal(formatBinary({ a: 1 }), '"{\\"a\\":1}" (7 bytes)');
  });
});

describe("CLI format: packets", () => {
  it("names the packet and its reason codes per packet type", () => {
    const suback: mqtt5.SubackPacket = {
      type: mqtt5.PacketType.Suback,
      reasonCodes: [mqtt5.SubackReasonCode.GrantedQoS2, mqtt5.SubackReasonCode.UnspecifiedError, mqtt5.SubackReasonCode.NotAuthorized],
      userProperties: [],
    };
    assert.equal(formatPacket(suback), "SUBACK { reasonCodes: [GrantedQoS2 (0x02), UnspecifiedError (0x80), NotAuthorized (0x87)] }");
    const puback: mqtt5.PubackPacket = { type: mqtt5.PacketType.Puback, reasonCode: mqtt5.PubackReasonCode.NoMatchingSubscribers, reasonString: "nobody" };
    assert.equal(formatPacket(puback), 'PUBACK { reasonCode: NoMatchingSubscribers (0x10), reasonString: "nobody" }');
    assert.equal(
      formatPacket({ reasonCode: mqtt5.PubcompReasonCode.PacketIdentifierNotFound }, mqtt5.PacketType.Pubcomp),
      "PUBCOMP { reasonCode: PacketIdentifierNotFound (0x92) }",
    );
    assert.equal(formatPacket({ reasonCodes: [0x11] }, mqtt5.PacketType.Unsuback), "UNSUBACK { reasonCodes: [NoSubscriptionExisted (0x11)] }");
    assert.equal(formatReasonCode(0x42, mqtt5.PubackReasonCode), "Unknown (0x42)");
  });

  it("renders a received PUBLISH with its QoS name, decoded payload and user properties, leading with the key fields", () => {
    const message: mqtt5.PublishPacket = {
      type: mqtt5.PacketType.Publish,
      payload: bytes(0xde, 0xad, 0xbe, 0xef), // 0xde 0xad alone would be valid UTF-8 (U+07AD)
      topicName: "a/b",
      qos: mqtt5.QoS.ExactlyOnce,
      retain: true,
      correlationData: new TextEncoder().encode("id-7").buffer,
      payloadFormat: mqtt5.PayloadFormatIndicator.Bytes,
      userProperties: [{ name: "k", value: "v w" }],
    };
    assert.equal(
      formatPacket(message),
      'PUBLISH { topicName: "a/b", qos: ExactlyOnce (2), retain: true, payload: 0xdeadbeef (4 bytes, binary), ' +
        'correlationData: "id-7" (4 bytes), payloadFormat: Bytes (0), userProperties: ["k"="v w"] }',
    );
  });

  it("renders outbound packets (given their type), nested subscriptions and wills, and never a password", () => {
    assert.equal(
      formatPacket({ subscriptions: [{ topicFilter: "x/#", qos: 1, retainHandlingType: 2 }] }, mqtt5.PacketType.Subscribe),
      'SUBSCRIBE { subscriptions: [{ topicFilter: "x/#", qos: AtLeastOnce (1), retainHandlingType: DontSend (2) }] }',
    );
    const connect: mqtt5.ConnectPacket = {
      keepAliveIntervalSeconds: 30,
      username: "bob",
      password: new TextEncoder().encode("s3cret"),
      will: { topicName: "w", qos: mqtt5.QoS.AtMostOnce, payload: "bye" },
    };
    const text = formatPacket(connect, mqtt5.PacketType.Connect);
    assert.equal(
      text,
      'CONNECT { keepAliveIntervalSeconds: 30, username: "bob", password: [REDACTED], will: PUBLISH { topicName: "w", qos: AtMostOnce (0), payload: "bye" (3 bytes) } }',
    );
    assert.ok(!text.includes("s3cret"));
  });

  it("renders negotiated settings with the QoS name", () => {
    const text = formatSettings({
      maximumQos: mqtt5.QoS.AtLeastOnce,
      sessionExpiryInterval: 0,
      receiveMaximumFromServer: 20,
      maximumPacketSizeToServer: 268435460,
      topicAliasMaximumToServer: 10,
      topicAliasMaximumToClient: 0,
      serverKeepAlive: 60,
      retainAvailable: true,
      wildcardSubscriptionsAvailable: true,
      subscriptionIdentifiersAvailable: true,
      sharedSubscriptionsAvailable: true,
      rejoinedSession: false,
      clientId: "c1",
    });
    assert.match(text, /^\{ maximumQos: AtLeastOnce \(1\), sessionExpiryInterval: 0, receiveMaximumFromServer: 20, /);
    assert.match(text, /clientId: "c1" \}$/);
  });
});

describe("CLI format: errors and output redaction", () => {
  it("formats errors with their class and aws-crt name, and plain strings as they are", () => {
    const error = new mqtt5.ConnectionError("connectionRefused", "connection refused", { crtName: "AWS_IO_SOCKET_CONNECTION_REFUSED" });
    assert.equal(formatError(error), "ConnectionError [AWS_IO_SOCKET_CONNECTION_REFUSED]: connection refused");
    assert.equal(formatError(new Error("boom")), "Error: boom");
    assert.equal(formatError("operation timed out"), "operation timed out");
  });

  it("Output replaces registered secrets and secret-looking key=value pairs on both streams", () => {
    const written: string[] = [];
    const sink: LineSink = { write: (text) => written.push(text) };
    const out = new Output(sink, sink);
    out.addSecret("hunter22");
    out.addSecret("ab"); // too short to scrub literally
    out.line("refused for hunter22 (tab stays)");
    out.error("engine said pin-value=1234&x=1");
    assert.deepEqual(written, ["refused for [REDACTED] (tab stays)\n", "engine said pin-value=[REDACTED]&x=1\n"]);
  });
});
