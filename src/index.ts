// Node entry: aws-crt-compatible names, so `import { mqtt5 } from "aws-crt"` becomes
// `import { mqtt5 } from "mqtt5-client"`. Other namespaces (io, iot, auth, http) arrive with their own work.
export * as mqtt5 from "./api/mqtt5.js";
/** Addition: aws-crt's internal packet module, as its SDK user guide refers to it (`mqtt5_packet.QoS`). */
export * as mqtt5_packet from "./api/mqtt5-packet.js";
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
