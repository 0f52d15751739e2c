// Public face of the MQTT 5 codec: packet ⇄ bytes, one packet at a time or as a stream.
export { packetSize, encodePacket, encodePacketInto, encodePacketParts, encodePublishHeaderInto } from "./encoder.js";
export { decodePacket } from "./decoder.js";
export { PacketDecoder } from "./frame-decoder.js";
export { allocateOutput } from "./output-buffer.js";
export { PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES, type EncodeOptions, type DecodeOptions } from "./codec-context.js";
export {
  PROPERTY_DEFINITIONS,
  PropertyId,
  WireType,
  ValueDomain,
  WILL_PROPERTIES,
  propertyDefinition,
  type PropertyContext,
  type PropertyDefinition,
} from "./properties.js";
export { reasonCodesFor, isReasonCodeAllowed, isFailureReasonCode } from "./reason-codes.js";
export { utf8ByteLength, MAXIMUM_STRING_BYTES } from "./utf8.js";
export { VBI_MAXIMUM, vbiSize } from "./vbi.js";
