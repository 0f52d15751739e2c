// Error hierarchy. Every error the library raises is a CrtError (the class aws-crt users catch) and an
// MqttClientError (ours, with a stable string `code`). Subclasses split local faults (ValidationError: the user's
// input) from remote ones (ProtocolError: the server broke the spec) as in h11, and carry MQTT reason codes.
// Messages never contain secret values: a ValidationError names the field and the rule, not the value.

/**
 * Our classes' names as literals (registered at the end of this file): minifiers rename classes, and `name` must
 * still say "ValidationError" in a minified bundle. A subclass of the user's keeps its own constructor name.
 */
const CLASS_NAMES = new WeakMap<object, string>();

/** aws-crt-compatible base class: `error_name` / `error_code` as aws-crt's Node binding sets them. */
export class CrtError extends Error {
  /** The constructor argument, as aws-crt keeps it (for us: the stable code string). */
  readonly error: unknown;
  /** aws-crt error code number, when one corresponds. */
  readonly error_code?: number;
  /** aws-crt error name (e.g. `AWS_ERROR_MQTT5_USER_REQUESTED_STOP`), or our stable code. */
  readonly error_name?: string;

  constructor(message: string, errorName?: string, errorCode?: number) {
    super(message);
    this.name = CLASS_NAMES.get(new.target) ?? new.target.name;
    this.error = errorName ?? message;
    if (errorName !== undefined) this.error_name = errorName;
    if (errorCode !== undefined) this.error_code = errorCode;
  }
}

/** Base of every error raised by mqtt5-client. `code` is stable across versions. */
export class MqttClientError extends CrtError {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown; crtName?: string; crtCode?: number }) {
    super(message, options?.crtName ?? code, options?.crtCode);
    this.code = code;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Bad input from the user: names the field and the rule that was broken, never the (possibly secret) value. */
export class ValidationError extends MqttClientError {
  readonly field: string;
  readonly rule: string;
  constructor(field: string, rule: string) {
    super("validation", `invalid ${field}: ${rule}`, { crtName: "AWS_ERROR_MQTT5_PACKET_VALIDATION", crtCode: 5147 });
    this.field = field;
    this.rule = rule;
  }
}

/** The peer broke the protocol; the connection must be closed with DISCONNECT `reasonCode`. */
export class ProtocolError extends MqttClientError {
  readonly reasonCode: number;
  constructor(reasonCode: number, message: string, code = "protocolError") {
    super(code, message, { crtName: "AWS_ERROR_MQTT5_DECODE_PROTOCOL_ERROR", crtCode: 5149 });
    this.reasonCode = reasonCode;
  }
}

/** Bytes that cannot be parsed as the standard describes (reason code 0x81). */
export class MalformedPacketError extends ProtocolError {
  constructor(message: string) {
    super(0x81, message, "malformedPacket");
  }
}

/** An outbound packet that would exceed the peer's Maximum Packet Size and cannot be shrunk. */
export class PacketTooLargeError extends MqttClientError {
  readonly sizeBytes: number;
  readonly maximumPacketSizeBytes: number;
  constructor(sizeBytes: number, maximumPacketSizeBytes: number, packetName: string) {
    super(
      "packetTooLarge",
      `${packetName} of ${sizeBytes} bytes exceeds the peer's Maximum Packet Size of ${maximumPacketSizeBytes} bytes`,
      { crtName: "AWS_ERROR_MQTT5_PACKET_VALIDATION", crtCode: 5147 },
    );
    this.sizeBytes = sizeBytes;
    this.maximumPacketSizeBytes = maximumPacketSizeBytes;
  }
}

/** Why an operation could not be completed. */
export type OperationErrorReason =
  | "timeout"
  | "offlineQueuePolicy"
  | "clientStopped"
  | "clientClosed"
  | "sessionLost"
  | "packetTooLarge";

const operationCrtNames: Record<OperationErrorReason, [string, number]> = {
  timeout: ["AWS_ERROR_MQTT_TIMEOUT", 5129],
  offlineQueuePolicy: ["AWS_ERROR_MQTT5_OPERATION_FAILED_DUE_TO_OFFLINE_QUEUE_POLICY", 5156],
  clientStopped: ["AWS_ERROR_MQTT5_USER_REQUESTED_STOP", 5153],
  clientClosed: ["AWS_ERROR_MQTT5_CLIENT_TERMINATED", 5155],
  sessionLost: ["AWS_ERROR_MQTT5_OPERATION_FAILED_DUE_TO_OFFLINE_QUEUE_POLICY", 5156],
  packetTooLarge: ["AWS_ERROR_MQTT5_PACKET_VALIDATION", 5147],
};

/** An operation (publish, subscribe, unsubscribe) that could not obtain its acknowledgement. */
export class OperationError extends MqttClientError {
  readonly reason: OperationErrorReason;
  constructor(reason: OperationErrorReason, message: string, cause?: unknown) {
    const [crtName, crtCode] = operationCrtNames[reason];
    super(reason, message, { cause, crtName, crtCode });
    this.reason = reason;
  }
}

/** A connection attempt or an established connection failed. Carries the CONNACK/DISCONNECT when there was one. */
export class ConnectionError extends MqttClientError {
  readonly reasonCode?: number;
  constructor(
    code: string,
    message: string,
    options?: { cause?: unknown; reasonCode?: number; crtName?: string; crtCode?: number },
  ) {
    super(code, message, options);
    if (options?.reasonCode !== undefined) this.reasonCode = options.reasonCode;
  }
}

// Object keys survive minification where class names do not.
for (const [name, errorClass] of Object.entries({
  CrtError,
  MqttClientError,
  ValidationError,
  ProtocolError,
  MalformedPacketError,
  PacketTooLargeError,
  OperationError,
  ConnectionError,
})) {
  CLASS_NAMES.set(errorClass, name);
}
