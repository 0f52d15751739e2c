// The property table of the conformance digest (§3), written out independently of src/core/codec/properties.ts
// so that the tests compare two transcriptions of the standard.
import { PacketType } from "../../../../src/core/model/enums.js";
import { WILL_PROPERTIES, WireType, type PropertyContext } from "../../../../src/core/codec/properties.js";

const P = PacketType;
const W = WILL_PROPERTIES;

export interface ExpectedProperty {
  id: number;
  name: string;
  wireType: WireType;
  allowedIn: PropertyContext[];
  repeatableIn?: PropertyContext[];
}

const ACKS = [P.Puback, P.Pubrec, P.Pubrel, P.Pubcomp];

export const EXPECTED_PROPERTIES: ExpectedProperty[] = [
  { id: 0x01, name: "Payload Format Indicator", wireType: WireType.Byte, allowedIn: [P.Publish, W] },
  { id: 0x02, name: "Message Expiry Interval", wireType: WireType.FourByteInteger, allowedIn: [P.Publish, W] },
  { id: 0x03, name: "Content Type", wireType: WireType.Utf8String, allowedIn: [P.Publish, W] },
  { id: 0x08, name: "Response Topic", wireType: WireType.Utf8String, allowedIn: [P.Publish, W] },
  { id: 0x09, name: "Correlation Data", wireType: WireType.BinaryData, allowedIn: [P.Publish, W] },
  { id: 0x0b, name: "Subscription Identifier", wireType: WireType.VariableByteInteger, allowedIn: [P.Publish, P.Subscribe], repeatableIn: [P.Publish] },
  { id: 0x11, name: "Session Expiry Interval", wireType: WireType.FourByteInteger, allowedIn: [P.Connect, P.Connack, P.Disconnect] },
  { id: 0x12, name: "Assigned Client Identifier", wireType: WireType.Utf8String, allowedIn: [P.Connack] },
  { id: 0x13, name: "Server Keep Alive", wireType: WireType.TwoByteInteger, allowedIn: [P.Connack] },
  { id: 0x15, name: "Authentication Method", wireType: WireType.Utf8String, allowedIn: [P.Connect, P.Connack, P.Auth] },
  { id: 0x16, name: "Authentication Data", wireType: WireType.BinaryData, allowedIn: [P.Connect, P.Connack, P.Auth] },
  { id: 0x17, name: "Request Problem Information", wireType: WireType.BooleanByte, allowedIn: [P.Connect] },
  { id: 0x18, name: "Will Delay Interval", wireType: WireType.FourByteInteger, allowedIn: [W] },
  { id: 0x19, name: "Request Response Information", wireType: WireType.BooleanByte, allowedIn: [P.Connect] },
  { id: 0x1a, name: "Response Information", wireType: WireType.Utf8String, allowedIn: [P.Connack] },
  { id: 0x1c, name: "Server Reference", wireType: WireType.Utf8String, allowedIn: [P.Connack, P.Disconnect] },
  {
    id: 0x1f, name: "Reason String", wireType: WireType.Utf8String,
    allowedIn: [P.Connack, ...ACKS, P.Suback, P.Unsuback, P.Disconnect, P.Auth],
  },
  { id: 0x21, name: "Receive Maximum", wireType: WireType.TwoByteInteger, allowedIn: [P.Connect, P.Connack] },
  { id: 0x22, name: "Topic Alias Maximum", wireType: WireType.TwoByteInteger, allowedIn: [P.Connect, P.Connack] },
  { id: 0x23, name: "Topic Alias", wireType: WireType.TwoByteInteger, allowedIn: [P.Publish] },
  { id: 0x24, name: "Maximum QoS", wireType: WireType.Byte, allowedIn: [P.Connack] },
  { id: 0x25, name: "Retain Available", wireType: WireType.BooleanByte, allowedIn: [P.Connack] },
  {
    id: 0x26, name: "User Property", wireType: WireType.Utf8StringPair,
    allowedIn: [P.Connect, P.Connack, P.Publish, W, ...ACKS, P.Subscribe, P.Suback, P.Unsubscribe, P.Unsuback, P.Disconnect, P.Auth],
    repeatableIn: [P.Connect, P.Connack, P.Publish, W, ...ACKS, P.Subscribe, P.Suback, P.Unsubscribe, P.Unsuback, P.Disconnect, P.Auth],
  },
  { id: 0x27, name: "Maximum Packet Size", wireType: WireType.FourByteInteger, allowedIn: [P.Connect, P.Connack] },
  { id: 0x28, name: "Wildcard Subscription Available", wireType: WireType.BooleanByte, allowedIn: [P.Connack] },
  { id: 0x29, name: "Subscription Identifier Available", wireType: WireType.BooleanByte, allowedIn: [P.Connack] },
  { id: 0x2a, name: "Shared Subscription Available", wireType: WireType.BooleanByte, allowedIn: [P.Connack] },
];

/** Every context that has a property block. */
export const PROPERTY_CONTEXTS: PropertyContext[] = [
  P.Connect, P.Connack, P.Publish, P.Puback, P.Pubrec, P.Pubrel, P.Pubcomp, P.Subscribe, P.Suback, P.Unsubscribe,
  P.Unsuback, P.Disconnect, P.Auth, W,
];

/** A valid encoded value (after the identifier) for each wire type. */
export function sampleValue(wireType: WireType): number[] {
  switch (wireType) {
    case WireType.Byte:
    case WireType.BooleanByte:
      return [0x01];
    case WireType.TwoByteInteger:
      return [0x00, 0x05];
    case WireType.FourByteInteger:
      return [0x00, 0x00, 0x00, 0x07];
    case WireType.VariableByteInteger:
      return [0x81, 0x01];
    case WireType.Utf8String:
      return [0x00, 0x01, 0x61];
    case WireType.BinaryData:
      return [0x00, 0x02, 0xca, 0xfe];
    case WireType.Utf8StringPair:
      return [0x00, 0x01, 0x6b, 0x00, 0x01, 0x76];
  }
}
