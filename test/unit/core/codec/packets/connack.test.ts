import { test } from "node:test";
import { ConnectReasonCode, PacketType } from "../../../../../src/core/model/enums.js";
import { hex } from "../../../../support/hex.js";
import { assertDecodeFails, assertGolden } from "./golden.js";

test("CONNACK success without properties still writes Property Length 0", () => {
  assertGolden(
    { type: PacketType.Connack, sessionPresent: false, reasonCode: ConnectReasonCode.Success },
    hex("20 // CONNACK", "03 // Remaining Length 3", "00 // Acknowledge Flags: Session Present 0", "00 // Success", "00 // Property Length 0"),
  );
});

test("CONNACK with every CONNACK property", () => {
  assertGolden(
    {
      type: PacketType.Connack, sessionPresent: true, reasonCode: ConnectReasonCode.Success,
      sessionExpiryInterval: 300, assignedClientIdentifier: "auto-1", serverKeepAlive: 20, authenticationMethod: "SCRAM",
      authenticationData: Uint8Array.of(0xff), responseInformation: "resp/", serverReference: "other:1883",
      reasonString: "ok", receiveMaximum: 100, topicAliasMaximum: 8, maximumQos: 1, retainAvailable: false,
      userProperties: [{ name: "s", value: "t" }], maximumPacketSize: 65_536, wildcardSubscriptionsAvailable: true,
      subscriptionIdentifiersAvailable: false, sharedSubscriptionsAvailable: true,
    },
    hex(
      "20                       // CONNACK",
      "56                       // Remaining Length 86",
      "01                       // Session Present 1",
      "00                       // Success",
      "53                       // Property Length 83",
      "11 00 00 01 2c           // Session Expiry Interval 300",
      "12 00 06 \"auto-1\"        // Assigned Client Identifier",
      "13 00 14                 // Server Keep Alive 20",
      "15 00 05 \"SCRAM\"         // Authentication Method",
      "16 00 01 ff              // Authentication Data",
      "1a 00 05 \"resp/\"         // Response Information",
      "1c 00 0a \"other:1883\"    // Server Reference",
      "1f 00 02 \"ok\"            // Reason String",
      "21 00 64                 // Receive Maximum 100",
      "22 00 08                 // Topic Alias Maximum 8",
      "24 01                    // Maximum QoS 1",
      "25 00                    // Retain Available 0",
      "26 00 01 \"s\" 00 01 \"t\"   // User Property s=t",
      "27 00 01 00 00           // Maximum Packet Size 65536",
      "28 01                    // Wildcard Subscription Available 1",
      "29 00                    // Subscription Identifier Available 0",
      "2a 01                    // Shared Subscription Available 1",
    ),
  );
});

test("CONNACK failure code", () => {
  assertGolden(
    { type: PacketType.Connack, sessionPresent: false, reasonCode: ConnectReasonCode.NotAuthorized },
    hex("20 03 // CONNACK, RL 3", "00 // Session Present 0", "87 // Not authorized", "00 // Property Length 0"),
  );
});

test("decoder rejects reserved acknowledge flags [MQTT-3.2.2-1] and a missing Property Length", () => {
  assertDecodeFails(hex("20 03 02 00 00"), "malformed");
  assertDecodeFails(hex("20 03 80 00 00"), "malformed");
  assertDecodeFails(hex("20 02 00 00"), "malformed");
  assertDecodeFails(hex("20 04 00 00 00 00 // trailing byte"), "malformed");
  assertDecodeFails(hex("21 03 00 00 00 // flags 0001"), "malformed");
});

test("decoder rejects CONNACK codes outside the CONNACK list, incl. MQTT 3.1.1 return codes", () => {
  assertDecodeFails(hex("20 03 00 01 00"), "protocol");
  assertDecodeFails(hex("20 03 00 8b 00 // Server shutting down is DISCONNECT-only"), "protocol");
});

test("decoder enforces CONNACK property domains (X-10)", () => {
  assertDecodeFails(hex("20 06 00 00 03 21 00 00 // Receive Maximum 0"), "protocol");
  assertDecodeFails(hex("20 08 00 00 05 27 00 00 00 00 // Maximum Packet Size 0"), "protocol");
  assertDecodeFails(hex("20 05 00 00 02 24 02 // Maximum QoS 2"), "protocol");
  for (const id of ["25", "28", "29", "2a"]) assertDecodeFails(hex(`20 05 00 00 02 ${id} 02 // availability flag 2`), "protocol");
  assertDecodeFails(hex("20 08 00 00 05 13 00 01 13 00 // Server Keep Alive twice"), "protocol");
  assertDecodeFails(hex("20 05 00 00 02 17 01 // Request Problem Information belongs to CONNECT"), "malformed");
  assertDecodeFails(hex("20 05 00 00 02 3f 01 // unknown identifier 0x3f"), "malformed");
});
