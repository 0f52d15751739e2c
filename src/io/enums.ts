// aws-crt's `io` enums with the same names and values (api-iot.md §3.1). Browser-safe: no Node imports.

/** TLS protocol versions, for `TlsContextOptions.min_tls_version`. */
export enum TlsVersion {
  /** Not supported by Node's OpenSSL (rejected when a TLS context is built). */
  SSLv3 = 0,
  TLSv1 = 1,
  TLSv1_1 = 2,
  TLSv1_2 = 3,
  TLSv1_3 = 4,
  /** Node's default minimum (TLS 1.2). */
  Default = 128,
}

/** Socket type of `SocketOptions`. MQTT needs STREAM. */
export enum SocketType {
  STREAM = 0,
  /** Not usable for MQTT (rejected by `SocketOptions`). */
  DGRAM = 1,
}

/** Address family of `SocketOptions`. As with aws-crt in practice, the family of the resolved address wins. */
export enum SocketDomain {
  IPV4 = 0,
  IPV6 = 1,
  /** Unix domain sockets: not supported (rejected by `SocketOptions`). */
  LOCAL = 2,
}

/** Log levels of `enable_logging` / `setLogLevel`. */
export enum LogLevel {
  NONE = 0,
  FATAL = 1,
  ERROR = 2,
  WARN = 3,
  INFO = 4,
  DEBUG = 5,
  TRACE = 6,
}

/** Where the client certificate comes from (set by the `TlsContextOptions` factories; informational). */
export enum CertificateSource {
  CERTIFICATE_FILES = 0,
  PKCS11 = 1,
  WINDOWS_CERT_STORE = 2,
  PKCS12_FILE = 4,
}

/** TLS cipher policies. See `tls_cipher_preference_is_supported` for what Node can honour. */
export enum TlsCipherPreference {
  /** Node's defaults (OpenSSL's "DEFAULT" list; TLS 1.2 and 1.3). */
  Default = 0,
  /** aws-crt (s2n) policy with draft post-quantum key exchange: not supported. */
  PQ_TLSv1_0_2021_05 = 6,
  /**
   * Prefer hybrid post-quantum key exchange. Node's defaults: OpenSSL 3.5+ (Node 24+) already offers
   * X25519MLKEM768 first; older OpenSSL versions negotiate classical key exchange.
   */
  PQ_Default = 8,
  /** TLS 1.2 or later with forward-secret AEAD cipher suites only. */
  TLSv1_2_2025_07 = 9,
}
