// The `mqtt5_packet` namespace: packet types, protocol enums and reason-code helpers. aws-crt keeps this module
// internal (reachable as `mqtt5.X`), yet its SDK user guide writes `mqtt5_packet.QoS`; exporting it lets that code
// run unchanged (api-surface.md §1).
export * from "./enums.js";
export * from "./reason-code-helpers.js";
export type * from "./packets.js";
