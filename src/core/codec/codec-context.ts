// Limits the codec needs from the negotiated connection.

/** The largest packet the MQTT 5 wire format can express: 1 + 4 + 268,435,455 bytes. */
export const PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES = 268_435_460;

export interface EncodeOptions {
  /** The peer's Maximum Packet Size (from CONNACK); default PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES. */
  maximumPacketSizeBytes?: number;
}

export interface DecodeOptions {
  /** Our own Maximum Packet Size (sent in CONNECT); larger frames → ProtocolError 0x95 before buffering. */
  maximumPacketSizeBytes?: number;
}
