// io.error_code_to_name / io.error_code_to_string for the aws-crt error codes this library reports (the
// `error_code` / `error_name` of its errors) and their close relatives. Names and numbers are aws-crt's (checked
// against aws-crt 1.33.2 by test/unit/io/error-codes.test.ts); the descriptions are our own words.

type Entry = readonly [name: string, description: string];

const COMMON: Readonly<Record<number, Entry>> = {
  0: ["AWS_ERROR_SUCCESS", "Success."],
  1: ["AWS_ERROR_OOM", "Out of memory."],
  3: ["AWS_ERROR_UNKNOWN", "Unknown error."],
  5: ["AWS_ERROR_OVERFLOW_DETECTED", "A fixed-size value overflowed."],
};

const IO: Readonly<Record<number, Entry>> = {
  1029: ["AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE", "The TLS handshake failed."],
  1032: ["AWS_IO_TLS_ERROR_ALERT_RECEIVED", "The peer sent a fatal TLS alert."],
  1033: ["AWS_IO_TLS_CTX_ERROR", "The TLS context could not be created from the given certificates and keys."],
  1034: ["AWS_IO_TLS_VERSION_UNSUPPORTED", "The requested TLS version is not supported."],
  1035: ["AWS_IO_TLS_CIPHER_PREF_UNSUPPORTED", "The requested TLS cipher preference is not supported on this platform."],
  1038: ["AWS_IO_FILE_VALIDATION_FAILURE", "A file's content was not what was expected."],
  1042: ["AWS_ERROR_IO_OPERATION_CANCELLED", "The operation was cancelled before it completed."],
  1044: ["AWS_IO_BROKEN_PIPE", "Read or write on a connection that is already closed."],
  1047: ["AWS_IO_SOCKET_CONNECTION_REFUSED", "The connection was refused."],
  1048: ["AWS_IO_SOCKET_TIMEOUT", "The socket operation timed out."],
  1049: ["AWS_IO_SOCKET_NO_ROUTE_TO_HOST", "No route to the host."],
  1050: ["AWS_IO_SOCKET_NETWORK_DOWN", "The network is down."],
  1051: ["AWS_IO_SOCKET_CLOSED", "The socket is closed."],
  1053: ["AWS_IO_SOCKET_INVALID_OPTIONS", "Invalid socket options."],
  1055: ["AWS_IO_SOCKET_INVALID_ADDRESS", "Invalid socket address."],
  1057: ["AWS_IO_SOCKET_CONNECT_ABORTED", "The connection was aborted."],
  1058: ["AWS_IO_DNS_QUERY_FAILED", "The DNS query failed."],
  1059: ["AWS_IO_DNS_INVALID_NAME", "The host name cannot be resolved."],
  1065: ["AWS_IO_SHARED_LIBRARY_LOAD_FAILURE", "A shared library could not be loaded."],
  1067: ["AWS_IO_TLS_NEGOTIATION_TIMEOUT", "The TLS handshake timed out."],
  1074: ["AWS_ERROR_PKCS11_TOKEN_NOT_FOUND", "No single PKCS#11 token matches the search criteria."],
  1075: ["AWS_ERROR_PKCS11_KEY_NOT_FOUND", "No single PKCS#11 key matches the search criteria."],
  1117: ["AWS_ERROR_PKCS11_CKR_PIN_INCORRECT", "The PKCS#11 token refused the PIN (CKR_PIN_INCORRECT)."],
  1121: ["AWS_ERROR_PKCS11_CKR_PIN_LOCKED", "The PKCS#11 user PIN is locked (CKR_PIN_LOCKED)."],
  1141: ["AWS_ERROR_PKCS11_CKR_USER_NOT_LOGGED_IN", "The PKCS#11 user is not logged in (CKR_USER_NOT_LOGGED_IN)."],
};

const MQTT: Readonly<Record<number, Entry>> = {
  5129: ["AWS_ERROR_MQTT_TIMEOUT", "No response arrived in time."],
  5134: ["AWS_ERROR_MQTT_UNEXPECTED_HANGUP", "The connection closed unexpectedly."],
  5140: ["AWS_ERROR_MQTT5_CLIENT_OPTIONS_VALIDATION", "Invalid MQTT 5 client options."],
  5141: ["AWS_ERROR_MQTT5_CONNECT_OPTIONS_VALIDATION", "Invalid CONNECT options."],
  5142: ["AWS_ERROR_MQTT5_DISCONNECT_OPTIONS_VALIDATION", "Invalid DISCONNECT options."],
  5143: ["AWS_ERROR_MQTT5_PUBLISH_OPTIONS_VALIDATION", "Invalid PUBLISH options."],
  5144: ["AWS_ERROR_MQTT5_SUBSCRIBE_OPTIONS_VALIDATION", "Invalid SUBSCRIBE options."],
  5145: ["AWS_ERROR_MQTT5_UNSUBSCRIBE_OPTIONS_VALIDATION", "Invalid UNSUBSCRIBE options."],
  5146: ["AWS_ERROR_MQTT5_USER_PROPERTY_VALIDATION", "Invalid user property."],
  5147: ["AWS_ERROR_MQTT5_PACKET_VALIDATION", "Invalid MQTT 5 packet."],
  5148: ["AWS_ERROR_MQTT5_ENCODE_FAILURE", "An MQTT 5 packet could not be encoded."],
  5149: ["AWS_ERROR_MQTT5_DECODE_PROTOCOL_ERROR", "The server sent a packet that breaks the MQTT 5 protocol."],
  5150: ["AWS_ERROR_MQTT5_CONNACK_CONNECTION_REFUSED", "The server refused the connection in its CONNACK."],
  5151: ["AWS_ERROR_MQTT5_CONNACK_TIMEOUT", "No CONNACK arrived in time."],
  5152: ["AWS_ERROR_MQTT5_PING_RESPONSE_TIMEOUT", "No PINGRESP arrived in time."],
  5153: ["AWS_ERROR_MQTT5_USER_REQUESTED_STOP", "The connection was closed because the user stopped the client."],
  5154: ["AWS_ERROR_MQTT5_DISCONNECT_RECEIVED", "The server closed the connection with a DISCONNECT."],
  5155: ["AWS_ERROR_MQTT5_CLIENT_TERMINATED", "The client was closed by the user."],
  5156: ["AWS_ERROR_MQTT5_OPERATION_FAILED_DUE_TO_OFFLINE_QUEUE_POLICY", "The operation was failed by the offline queue policy."],
  5159: ["AWS_ERROR_MQTT5_INVALID_INBOUND_TOPIC_ALIAS", "The server used an invalid topic alias."],
  5160: ["AWS_ERROR_MQTT5_INVALID_OUTBOUND_TOPIC_ALIAS", "Invalid outbound topic alias."],
  5161: ["AWS_ERROR_MQTT5_INVALID_UTF8_STRING", "Invalid UTF-8 string."],
  5165: ["AWS_ERROR_MQTT_ACK_REASON_CODE_FAILURE", "An acknowledgement carried a failure reason code."],
};

const UNKNOWN = "Unknown Error Code";

function lookup(code: number): { library: string; entry: Entry } | undefined {
  const tables: readonly [string, Readonly<Record<number, Entry>>][] = [
    ["aws-c-common", COMMON],
    ["aws-c-io", IO],
    ["libaws-c-mqtt", MQTT],
  ];
  for (const [library, table] of tables) {
    const entry = table[code];
    if (entry !== undefined) return { library, entry };
  }
  return undefined;
}

/** The aws-crt name of an error code (e.g. 1029 → "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE"), or "Unknown Error Code". */
export function error_code_to_name(error_code: number): string {
  return lookup(error_code)?.entry[0] ?? UNKNOWN;
}

/** "<library>: <NAME>, <description>" as aws-crt formats it, or "Unknown Error Code". */
export function error_code_to_string(error_code: number): string {
  const found = lookup(error_code);
  return found === undefined ? UNKNOWN : `${found.library}: ${found.entry[0]}, ${found.entry[1]}`;
}

/** Every code in the table (tests compare them with aws-crt). */
export function knownErrorCodes(): number[] {
  return [COMMON, IO, MQTT].flatMap((table) => Object.keys(table).map(Number));
}
