// Human-readable, one-line renderings of the client's packets, events and errors for the CLI. Binary data is shown
// as UTF-8 text when it is valid UTF-8, else as hex; ArrayBuffers (how the client hands out payloads) are decoded
// rather than printed as `{}`; reason codes and QoS values carry their enum names; passwords are never shown.
import { mqtt5 } from "../index.js";

const REDACTED = "[REDACTED]";

/** Enum objects as TypeScript emits them: name → value and value → name. */
type EnumObject = Readonly<Record<string | number, string | number>>;

const REASON_CODE_ENUMS: Readonly<Partial<Record<mqtt5.PacketType, EnumObject>>> = {
  [mqtt5.PacketType.Connack]: mqtt5.ConnectReasonCode,
  [mqtt5.PacketType.Puback]: mqtt5.PubackReasonCode,
  [mqtt5.PacketType.Pubrec]: mqtt5.PubrecReasonCode,
  [mqtt5.PacketType.Pubrel]: mqtt5.PubrelReasonCode,
  [mqtt5.PacketType.Pubcomp]: mqtt5.PubcompReasonCode,
  [mqtt5.PacketType.Suback]: mqtt5.SubackReasonCode,
  [mqtt5.PacketType.Unsuback]: mqtt5.UnsubackReasonCode,
  [mqtt5.PacketType.Disconnect]: mqtt5.DisconnectReasonCode,
  [mqtt5.PacketType.Auth]: mqtt5.AuthReasonCode,
};

/** Fields shown as enum names wherever they appear. */
const FIELD_ENUMS: Readonly<Record<string, EnumObject>> = {
  qos: mqtt5.QoS,
  maximumQos: mqtt5.QoS,
  payloadFormat: mqtt5.PayloadFormatIndicator,
  retainHandlingType: mqtt5.RetainHandlingType,
};

/** Shown first, in this order, when present; every other field follows in the packet's own order. */
const LEADING_FIELDS = ["reasonCode", "reasonCodes", "topicName", "topicFilter", "topicFilters", "subscriptions", "qos", "retain", "payload"];

const BINARY_FIELDS = new Set(["payload", "correlationData", "authenticationData"]);
const SECRET_FIELDS = new Set(["password"]);

/** "SUBACK", "PUBLISH", … for a PacketType value. */
export function packetName(type: mqtt5.PacketType): string {
  return (mqtt5.PacketType[type] ?? `PACKET_${String(type)}`).toUpperCase();
}

/**
 * `NAME { field: value, … }` for a packet as the client hands it out (its `type` names it) or as the user
 * builds it (pass `type`). Absent fields and empty user-property lists are left out.
 */
export function formatPacket(packet: object, type?: mqtt5.PacketType): string {
  const packetType = type ?? (packet as { type?: mqtt5.PacketType }).type;
  const reasonCodes = packetType === undefined ? undefined : REASON_CODE_ENUMS[packetType];
  const body = formatFields(packet, reasonCodes);
  const name = packetType === undefined ? "PACKET" : packetName(packetType);
  return body === "" ? name : `${name} { ${body} }`;
}

/** `{ clientId: "…", maximumQos: ExactlyOnce (2), … }` for the NegotiatedSettings of a connection. */
export function formatSettings(settings: mqtt5.NegotiatedSettings): string {
  return `{ ${formatFields(settings, undefined)} }`;
}

/** A reason code with its enum name and hex value, e.g. `GrantedQoS2 (0x02)`. */
export function formatReasonCode(value: number, names: EnumObject | undefined): string {
  const name = names?.[value];
  const hex = `0x${value.toString(16).padStart(2, "0")}`;
  return typeof name === "string" ? `${name} (${hex})` : `Unknown (${hex})`;
}

/**
 * Binary or payload data: `"text" (N bytes)` when the bytes are valid UTF-8, `0x0001ff (N bytes, binary)`
 * otherwise. Outbound payloads may also be strings (sent as UTF-8) or objects (sent as JSON).
 */
export function formatBinary(value: unknown): string {
  const bytes = toBytes(value);
  if (bytes === undefined) return formatValue(value, "");
  if (bytes.byteLength === 0) return "<empty>";
  const text = decodeUtf8(bytes);
  if (text !== undefined) return `${JSON.stringify(text)} (${bytes.byteLength} bytes)`;
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")} (${bytes.byteLength} bytes, binary)`;
}

/** Text of `bytes` if they are valid UTF-8, else undefined. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes of a payload the way the client sends them, or undefined for values that are not binary-like. */
export function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value !== null && typeof value === "object") return new TextEncoder().encode(JSON.stringify(value));
  return undefined;
}

/**
 * One line for anything thrown or carried by an event: `ConnectionError [AWS_IO_SOCKET_CONNECTION_REFUSED]:
 * connection refused …`. Rejections may be strings (aws-crt style) as well as errors.
 */
export function formatError(error: unknown): string {
  if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
    const { name, message, error_name: errorName } = error as { name?: unknown; message?: unknown; error_name?: unknown };
    const label = typeof name === "string" && name !== "" ? name : "Error";
    const tag = typeof errorName === "string" && errorName !== label ? ` [${errorName}]` : "";
    return `${label}${tag}: ${String(message)}`;
  }
  return String(error);
}

function formatFields(record: object, reasonCodes: EnumObject | undefined): string {
  const parts: string[] = [];
  const entries = Object.entries(record).sort(([a], [b]) => fieldRank(a) - fieldRank(b));
  for (const [key, value] of entries) {
    if (key === "type" || value === undefined) continue;
    if (key === "userProperties" && Array.isArray(value) && value.length === 0) continue;
    parts.push(`${key}: ${formatField(key, value, reasonCodes)}`);
  }
  return parts.join(", ");
}

function fieldRank(key: string): number {
  const rank = LEADING_FIELDS.indexOf(key);
  return rank === -1 ? LEADING_FIELDS.length : rank;
}

function formatField(key: string, value: unknown, reasonCodes: EnumObject | undefined): string {
  if (SECRET_FIELDS.has(key)) return REDACTED;
  if (BINARY_FIELDS.has(key)) return formatBinary(value);
  if (key === "reasonCode" && typeof value === "number") return formatReasonCode(value, reasonCodes);
  if (key === "reasonCodes" && Array.isArray(value)) {
    return `[${value.map((code) => (typeof code === "number" ? formatReasonCode(code, reasonCodes) : formatValue(code, key))).join(", ")}]`;
  }
  if (key === "userProperties" && Array.isArray(value)) return `[${value.map(formatUserProperty).join(", ")}]`;
  if (key === "will" && value !== null && typeof value === "object") return formatPacket(value, mqtt5.PacketType.Publish);
  const names = FIELD_ENUMS[key];
  if (names !== undefined && typeof value === "number") {
    const name = names[value];
    return typeof name === "string" ? `${name} (${value})` : String(value);
  }
  return formatValue(value, key);
}

function formatUserProperty(property: unknown): string {
  if (property === null || typeof property !== "object") return formatValue(property, "");
  const { name, value } = property as { name?: unknown; value?: unknown };
  return `${JSON.stringify(String(name))}=${JSON.stringify(String(value))}`;
}

function formatValue(value: unknown, key: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return formatBinary(value);
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item, key)).join(", ")}]`;
  if (value !== null && typeof value === "object") return `{ ${formatFields(value, undefined)} }`;
  return String(value);
}
