// Sizes computed by an encoder's measuring pass and reused by its writing pass, so that no property block is
// measured twice. One instance is reused by encoder.ts (encoding is synchronous and never re-entered).

export interface EncodeLayout {
  /** Remaining Length of the packet being encoded. */
  remainingLength: number;
  /** Byte length of the packet's properties (without the Property Length prefix). */
  propertiesLength: number;
  /** Byte length of CONNECT's Will Properties (without prefix). */
  willPropertiesLength: number;
  /** OMIT_* flags: optional properties dropped to fit the peer's Maximum Packet Size. */
  omit: number;
}

export function createEncodeLayout(): EncodeLayout {
  return { remainingLength: 0, propertiesLength: 0, willPropertiesLength: 0, omit: 0 };
}
