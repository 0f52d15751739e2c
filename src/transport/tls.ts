// MQTT over TLS (node:tls). SNI is the host name unless it is an IP address (RFC 6066 forbids IP literals in
// SNI; certificate verification still checks the IP against the certificate's SANs). Peer verification is on
// unless the caller explicitly turns it off. Handshake failures become ConnectionErrors naming the cause.
import { isIP } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { ConnectionError } from "../core/errors.js";
import { openSocket, socketConnectionError, targetName, type TcpOptions } from "./tcp.js";
import type { TransportFactory } from "./transport.js";

/** PEM text or DER/PEM bytes. */
export type TlsMaterial = string | Uint8Array;

/**
 * The TLS settings this transport understands. A provisional shape: the public `io.TlsContextOptions` /
 * `io.ClientTlsContext` classes (a later issue) are mapped onto it.
 */
export interface TlsOptions {
  /** Trusted certificate authorities (PEM). Default: Node's bundled Mozilla CA list. */
  ca?: TlsMaterial | TlsMaterial[];
  /** Client certificate chain (PEM) for mutual TLS. */
  cert?: TlsMaterial | TlsMaterial[];
  /** Client private key (PEM) for mutual TLS. */
  key?: TlsMaterial | TlsMaterial[];
  /** PKCS#12 bundle with the client key and certificate. */
  pfx?: TlsMaterial;
  /** Passphrase of `key` or `pfx`. */
  passphrase?: string;
  /** SNI and certificate host name. Default: the host name being connected to (none for an IP address). */
  servername?: string;
  /** ALPN protocol list, in order of preference (e.g. ["x-amzn-mqtt-ca"] for AWS IoT Core on port 443). */
  alpnProtocols?: string[];
  /** Verify the server's certificate chain and host name. Default true. */
  rejectUnauthorized?: boolean;
  minVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  maxVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  /** OpenSSL cipher list. */
  ciphers?: string;
}

export interface TlsTransportOptions extends TcpOptions {
  tls: TlsOptions;
}

/** Factory for MQTT over TLS. */
export function createTlsTransportFactory(options: TlsTransportOptions): TransportFactory {
  return (signal) =>
    openSocket(() => tlsConnect(buildConnectionOptions(options)), "secureConnect", options, signal, (error, phase) =>
      tlsConnectionError(error, targetName(options), phase),
    );
}

/** node:tls connect options for `options` (exported for tests). */
export function buildConnectionOptions(options: TlsTransportOptions): ConnectionOptions {
  const tls = options.tls;
  const result: ConnectionOptions = {
    host: options.host,
    port: options.port,
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  };
  const servername = tls.servername ?? (isIP(options.host) === 0 ? options.host : undefined);
  if (servername !== undefined) result.servername = servername;
  if (tls.alpnProtocols !== undefined && tls.alpnProtocols.length > 0) result.ALPNProtocols = [...tls.alpnProtocols];
  if (tls.ca !== undefined) result.ca = toNodeMaterial(tls.ca);
  if (tls.cert !== undefined) result.cert = toNodeMaterial(tls.cert);
  if (tls.key !== undefined) result.key = toNodeMaterial(tls.key);
  if (tls.pfx !== undefined) result.pfx = toBuffer(tls.pfx);
  if (tls.passphrase !== undefined) result.passphrase = tls.passphrase;
  if (tls.minVersion !== undefined) result.minVersion = tls.minVersion;
  if (tls.maxVersion !== undefined) result.maxVersion = tls.maxVersion;
  if (tls.ciphers !== undefined) result.ciphers = tls.ciphers;
  return result;
}

function toBuffer(material: TlsMaterial): string | Buffer {
  return typeof material === "string" ? material : Buffer.from(material.buffer, material.byteOffset, material.byteLength);
}

function toNodeMaterial(material: TlsMaterial | TlsMaterial[]): string | Buffer | (string | Buffer)[] {
  return Array.isArray(material) ? material.map(toBuffer) : toBuffer(material);
}

interface TlsErrorKind {
  readonly code: string;
  readonly what: string;
}

// OpenSSL / Node verification codes → our stable codes.
const TLS_VERIFY_ERRORS: Readonly<Record<string, TlsErrorKind>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { code: "tlsUnknownCa", what: "the server certificate is not signed by a trusted CA" },
  UNABLE_TO_GET_ISSUER_CERT: { code: "tlsUnknownCa", what: "the server certificate's issuer is not a trusted CA" },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { code: "tlsUnknownCa", what: "the server certificate's issuer is not a trusted CA" },
  SELF_SIGNED_CERT_IN_CHAIN: { code: "tlsUnknownCa", what: "the server's certificate chain ends in an untrusted self-signed CA" },
  DEPTH_ZERO_SELF_SIGNED_CERT: { code: "tlsUnknownCa", what: "the server certificate is self-signed and not trusted" },
  CERT_UNTRUSTED: { code: "tlsUnknownCa", what: "the server certificate is not trusted" },
  CERT_HAS_EXPIRED: { code: "tlsCertificateExpired", what: "the server certificate has expired" },
  CERT_NOT_YET_VALID: { code: "tlsCertificateNotYetValid", what: "the server certificate is not valid yet" },
  CERT_REVOKED: { code: "tlsCertificateRevoked", what: "the server certificate was revoked" },
  ERR_TLS_CERT_ALTNAME_INVALID: { code: "tlsHostMismatch", what: "the server certificate does not match the host name" },
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: { code: "tlsClientCertificateRequired", what: "the server requires a client certificate" },
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: { code: "tlsClientCertificateRejected", what: "the server rejected the client certificate" },
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: { code: "tlsClientCertificateRejected", what: "the server does not trust the client certificate's CA" },
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: { code: "tlsClientCertificateRejected", what: "the server says the client certificate expired" },
  ERR_SSL_WRONG_VERSION_NUMBER: { code: "tlsProtocolMismatch", what: "the server did not answer with TLS (plain-text port?)" },
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: { code: "tlsProtocolMismatch", what: "no TLS version in common with the server" },
  ERR_SSL_NO_APPLICATION_PROTOCOL: { code: "tlsAlpnMismatch", what: "the server accepted none of the ALPN protocols" },
  ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL: { code: "tlsAlpnMismatch", what: "the server accepted none of the ALPN protocols" },
};

/**
 * Turns an error of a TLS connection into a ConnectionError naming the cause. With TLS 1.3 the server judges the
 * client certificate after the client finished its handshake, so such alerts can arrive in the "connected" phase.
 */
export function tlsConnectionError(error: Error, target: string, phase: "connect" | "connected" = "connect"): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const nodeCode = (error as NodeJS.ErrnoException).code ?? "";
  const known = TLS_VERIFY_ERRORS[nodeCode];
  if (known !== undefined) return negotiationFailure(known.code, `TLS with ${target} failed: ${known.what}`, error);
  if (/^ERR_SSL_.*ALERT/.test(nodeCode)) {
    return negotiationFailure("tlsAlert", `TLS with ${target} failed: the server sent an alert (${nodeCode})`, error);
  }
  if (isConfigurationError(error, nodeCode)) {
    // The TLS context itself could not be built (bad PEM, key/cert mismatch, wrong passphrase).
    return new ConnectionError("tlsConfiguration", `invalid TLS configuration: ${describeConfigurationError(error, nodeCode)}`, {
      cause: error,
      crtName: "AWS_IO_TLS_CTX_ERROR",
      crtCode: 1033,
    });
  }
  if (nodeCode.startsWith("ERR_SSL_") || /before secure TLS connection/i.test(error.message)) {
    return negotiationFailure("tlsHandshake", `TLS handshake with ${target} failed: ${error.message}`, error);
  }
  return socketConnectionError(error, phase, target);
}

function negotiationFailure(code: string, message: string, cause: Error): ConnectionError {
  return new ConnectionError(code, message, { cause, crtName: "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE", crtCode: 1029 });
}

function isConfigurationError(error: Error, nodeCode: string): boolean {
  return (
    nodeCode.startsWith("ERR_OSSL_") ||
    nodeCode === "ERR_INVALID_ARG_TYPE" ||
    /mac verify failure|bad decrypt|PEM routines|key values mismatch|no start line/i.test(error.message)
  );
}

function describeConfigurationError(error: Error, nodeCode: string): string {
  if (/mac verify failure/i.test(error.message)) return "wrong PKCS#12 passphrase (mac verify failure)";
  if (/bad decrypt/i.test(error.message)) return "wrong private key passphrase (bad decrypt)";
  if (/key values mismatch/i.test(error.message)) return "the private key does not match the certificate";
  return nodeCode === "" ? error.message : `${error.message} (${nodeCode})`;
}
