// Browser entry (package.json `browser` export condition). For now it carries the browser-safe part of the API:
// packet types, protocol enums, reason-code helpers and error classes — no `node:` import, no Buffer. The
// Mqtt5Client over the global WebSocket arrives with the browser work (issue 8); until then `mqtt5.Mqtt5Client` is
// absent here rather than present and broken.
export * as mqtt5_packet from "./api/mqtt5-packet.js";
export * as mqtt5 from "./api/mqtt5-packet.js";
export {
  CrtError,
  MqttClientError,
  ValidationError,
  ProtocolError,
  MalformedPacketError,
  PacketTooLargeError,
  OperationError,
  ConnectionError,
  type ICrtError,
  type OperationErrorReason,
} from "./api/errors.js";
