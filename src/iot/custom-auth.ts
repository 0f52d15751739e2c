// AWS IoT Core custom authentication: the CONNECT username the builder composes from MqttConnectCustomAuthConfig
// (api-iot.md §2.2, byte for byte what aws-crt sends) and the signature canonicalisation. Browser-safe, pure.
//
//   username = <user's path part> "?" [user's own k=v pairs] [x-amz-customauthorizer-name=<name>]
//              [<tokenKeyName>=<tokenValue>&x-amz-customauthorizer-signature=<URI-encoded base64 signature>]
//
// Nothing is URL-encoded here except the signature (by canonicalizeCustomAuthConfig), as in aws-crt.
import { ValidationError } from "../core/errors.js";
import type { BinaryData } from "../api/packets.js";

/** IoT Core custom-authorizer settings (aws-crt `iot.MqttConnectCustomAuthConfig`). */
export interface MqttConnectCustomAuthConfig {
  /** Name of the custom authorizer; omit to use the account's default authorizer. */
  authorizerName?: string;
  /** Username passed to the authorizer's Lambda. Do not add any custom-auth query parameters yourself. */
  username?: string;
  /** Password passed to the authorizer's Lambda, sent unchanged as the CONNECT password. A string is accepted (UTF-8). */
  password?: BinaryData | string;
  /** Signed authorizers: the name of the username query parameter carrying the token. */
  tokenKeyName?: string;
  /** Signed authorizers: the token value that was signed. */
  tokenValue?: string;
  /**
   * Signed authorizers: base64 of the token's signature made with the authorizer's private key. Direct-MQTT and
   * WebSocket builders URI-encode it unless it already contains `%` (so an already-encoded value passes unchanged).
   */
  tokenSignature?: string;
}

const AUTHORIZER_NAME_KEY = "x-amz-customauthorizer-name";
const SIGNATURE_KEY = "x-amz-customauthorizer-signature";
const TOKEN_FIELDS = ["tokenKeyName", "tokenValue", "tokenSignature"] as const;
const STRING_FIELDS = ["authorizerName", "username", ...TOKEN_FIELDS] as const;

/** Throws a ValidationError naming the field when `config` is not a usable custom-auth configuration. */
export function validateCustomAuthConfig(config: unknown, field = "customAuthConfig"): asserts config is MqttConnectCustomAuthConfig {
  if (typeof config !== "object" || config === null) throw new ValidationError(field, "must be an object");
  const record = config as Record<string, unknown>;
  for (const name of STRING_FIELDS) {
    if (record[name] !== undefined && typeof record[name] !== "string") throw new ValidationError(`${field}.${name}`, "must be a string");
  }
  const password = record.password;
  if (password !== undefined && typeof password !== "string" && !(password instanceof ArrayBuffer) && !ArrayBuffer.isView(password)) {
    throw new ValidationError(`${field}.password`, "must be a string, an ArrayBuffer or an ArrayBufferView");
  }
  // A signed authorizer needs all three token fields; a missing signature would only be refused by IoT Core later.
  const present = TOKEN_FIELDS.filter((name) => isNonEmpty(record[name]));
  const missing = TOKEN_FIELDS.find((name) => !isNonEmpty(record[name]));
  if (present.length > 0 && missing !== undefined) {
    throw new ValidationError(
      `${field}.${missing}`,
      `Token-based custom authentication requires all token-related properties to be set (${TOKEN_FIELDS.join(", ")}); ` +
        `${missing} is missing`,
    );
  }
  if (typeof record.username === "string" && record.username.split("?").length > 2) {
    throw new ValidationError(`${field}.username`, "Custom auth username property value is invalid (more than one '?')");
  }
}

function isNonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/**
 * A copy with only the defined fields, the signature URI-encoded unless it already contains `%`. aws-crt applies
 * this for direct MQTT only (and the browser for WebSocket); we apply it to both, since IoT Core reads the username
 * as a query string where a raw base64 `+`, `/` or `=` would be misread.
 */
export function canonicalizeCustomAuthConfig(config: MqttConnectCustomAuthConfig): MqttConnectCustomAuthConfig {
  const copy: MqttConnectCustomAuthConfig = {};
  if (config.authorizerName !== undefined) copy.authorizerName = config.authorizerName;
  if (config.username !== undefined) copy.username = config.username;
  if (config.password !== undefined) copy.password = config.password;
  if (config.tokenKeyName !== undefined) copy.tokenKeyName = config.tokenKeyName;
  if (config.tokenValue !== undefined) copy.tokenValue = config.tokenValue;
  if (config.tokenSignature !== undefined) {
    copy.tokenSignature = config.tokenSignature.includes("%") ? config.tokenSignature : encodeURIComponent(config.tokenSignature);
  }
  return copy;
}

/**
 * The CONNECT username for `config` (aws-crt `buildMqtt5FinalUsername`): `"?"` without custom auth, otherwise the
 * user's username followed by the authorizer parameters. Throws a ValidationError for an incomplete token.
 */
export function buildMqtt5FinalUsername(config: MqttConnectCustomAuthConfig | undefined): string {
  if (config === undefined) return "?";
  validateCustomAuthConfig(config);
  const [path = "", query] = (config.username ?? "").split("?");
  const pairs: [string, string][] = [];
  if (query !== undefined && query.length > 0) {
    for (const piece of query.split("&")) {
      const [key = "", value = ""] = piece.split("=");
      pairs.push([key, value]);
    }
  }
  if (isNonEmpty(config.authorizerName)) pairs.push([AUTHORIZER_NAME_KEY, config.authorizerName as string]);
  if (isNonEmpty(config.tokenSignature)) {
    pairs.push([config.tokenKeyName as string, config.tokenValue as string]);
    pairs.push([SIGNATURE_KEY, config.tokenSignature as string]);
  }
  return `${path}?${pairs.map(([key, value]) => `${key}=${value}`).join("&")}`;
}
