// Public error types. Everything the library raises is a CrtError (the class aws-crt users catch, with
// `error_name` / `error_code`) and an MqttClientError (ours, with a stable string `code`); the subclasses tell
// user mistakes (ValidationError) from server faults (ProtocolError) and failed operations/connections.
export {
  CrtError,
  MqttClientError,
  ValidationError,
  ProtocolError,
  MalformedPacketError,
  PacketTooLargeError,
  OperationError,
  ConnectionError,
} from "../core/errors.js";
export type { OperationErrorReason } from "../core/errors.js";

/** What event payloads promise about their errors, as aws-crt declares it. */
export interface ICrtError {
  /** aws-crt error name, e.g. "AWS_ERROR_MQTT5_USER_REQUESTED_STOP". */
  readonly error_name?: string;
}
