// The `io` namespace, Node variant: aws-crt's TLS, socket and logging configuration types (api-iot.md §3), mapped
// onto Node's net/tls. `import { io } from "mqtt5-client"` replaces `import { io } from "aws-crt"`.
import { cipherPreferenceIsSupported } from "./cipher-preference.js";
import type { TlsCipherPreference } from "./enums.js";

export { CertificateSource, LogLevel, SocketDomain, SocketType, TlsCipherPreference, TlsVersion } from "./enums.js";
export { TlsContextOptions, type Pkcs12Options } from "./tls-context-options.js";
export { ClientTlsContext, TlsContext } from "./client-tls-context.js";
export { TlsConnectionOptions } from "./tls-connection-options.js";
export { Pkcs11Lib } from "./pkcs11-lib.js";
export { ClientBootstrap, SocketOptions } from "./socket-options.js";
export { enable_logging, setLogLevel } from "./logging.js";
export { error_code_to_name, error_code_to_string } from "./error-codes.js";

/** ALPN is always available with Node's TLS. */
export function is_alpn_available(): boolean {
  return true;
}

/** Whether Node's TLS can honour `cipher` (Default, PQ_Default and TLSv1_2_2025_07 can). */
export function tls_cipher_preference_is_supported(cipher: TlsCipherPreference): boolean {
  return cipherPreferenceIsSupported(cipher);
}
