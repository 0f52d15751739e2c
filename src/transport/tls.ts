// MQTT over TLS (node:tls). SNI is the host name unless it is an IP address (RFC 6066 forbids IP literals in
// SNI; certificate verification still checks the IP against the certificate's SANs). Peer verification is on
// unless the caller explicitly turns it off. Handshake failures and unusable key material become
// ConnectionErrors naming the cause; a private key on a PKCS#11 token goes through pkcs11.ts.
import { isIP } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { ConnectionError } from "../core/errors.js";
import { pkcs11ConnectionError, pkcs11SecureContextOptions, type Pkcs11KeyOptions } from "./pkcs11.js";
import { openSocket, socketConnectionError, targetName, type TcpOptions } from "./tcp.js";
import type { TransportFactory } from "./transport.js";

/** PEM text or DER/PEM bytes. */
export type TlsMaterial = string | Uint8Array;

/**
 * The TLS settings this transport understands: node:tls options under their Node names. The public
 * `io.TlsContextOptions` / `io.ClientTlsContext` classes (src/io) are mapped onto it.
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
  /** Client private key on a PKCS#11 token, used through the OpenSSL pkcs11 engine; takes the place of `key`. */
  pkcs11?: Pkcs11KeyOptions;
}

export interface TlsTransportOptions extends TcpOptions {
  tls: TlsOptions;
}

/** Factory for MQTT over TLS. */
export function createTlsTransportFactory(options: TlsTransportOptions): TransportFactory {
  // openSocket's "connect" phase ends with "secureConnect": everything after TCP connect is the handshake. Made once
  // per factory, not per connection: the established connection keeps it.
  const mapError = (error: Error, phase: "connect" | "connected"): ConnectionError =>
    tlsConnectionError(error, targetName(options), phase === "connect" ? "handshake" : phase, options.tls);
  return (signal) => openSocket(() => connectConfirmed(options), TLS_READY_EVENT, options, signal, mapError);
}

/** Emitted on the socket once the server has accepted the handshake (see connectConfirmed). */
const TLS_READY_EVENT = "mqtt5:tlsReady";
/** Longest wait for a TLS 1.3 server's verdict on the client (bounds the cost for servers that send no tickets). */
const CLIENT_CERTIFICATE_VERDICT_WAIT_MS = 300;

/**
 * With TLS 1.3 the server judges a client certificate only after the client has finished its handshake, so
 * "secureConnect" fires before the verdict. Writing CONNECT at once races the server's refusal: its close then
 * finds our unread bytes and sends a reset that can destroy the alert naming the cause (also when we sent no
 * certificate and the server requires one — the client cannot tell whether one was requested). So, on TLS 1.3, the
 * transport opens when the server's first session ticket arrives (it is sent once the handshake was accepted: a
 * few ms on loopback), or when its alert or close arrives, or after a short bound for servers that send no tickets.
 */
function connectConfirmed(options: TlsTransportOptions): ReturnType<typeof tlsConnect> {
  const socket = tlsConnect(buildConnectionOptions(options));
  socket.once("secureConnect", () => {
    if (socket.getProtocol() !== "TLSv1.3") {
      socket.emit(TLS_READY_EVENT);
      return;
    }
    const finish = (): void => {
      clearTimeout(timer);
      socket.off("session", finish);
      socket.off("close", onClose);
      if (!socket.destroyed) socket.emit(TLS_READY_EVENT);
    };
    const onClose = (): void => {
      clearTimeout(timer);
      socket.off("session", finish);
      // An alert, if any, was already reported as an "error" (and the opener stopped listening); else say so.
      if (socket.listenerCount("error") > 0) socket.emit("error", new Error("the server closed the connection right after the TLS handshake (client certificate refused?)"));
    };
    const timer = setTimeout(finish, CLIENT_CERTIFICATE_VERDICT_WAIT_MS);
    socket.once("session", finish);
    socket.once("close", onClose);
  });
  return socket;
}

/**
 * node:tls connect options for `options`. With a PKCS#11 key this also prepares the engine's environment and can
 * throw a ConnectionError (engine missing, second PKCS#11 library), so call it where such errors are reported.
 */
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
  if (tls.pkcs11 !== undefined) Object.assign(result, pkcs11SecureContextOptions(tls.pkcs11));
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
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: { code: "tlsClientCertificateExpired", what: "the server says the client certificate has expired" },
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: { code: "tlsClientCertificateRejected", what: "the server says the client certificate was revoked" },
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: { code: "tlsClientCertificateRejected", what: "the server does not accept this kind of client certificate" },
  ERR_SSL_WRONG_VERSION_NUMBER: { code: "tlsProtocolMismatch", what: "the server did not answer with TLS (plain-text port?)" },
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: { code: "tlsProtocolMismatch", what: "no TLS version in common with the server" },
  ERR_SSL_NO_APPLICATION_PROTOCOL: { code: "tlsAlpnMismatch", what: "the server accepted none of the ALPN protocols" },
  ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL: { code: "tlsAlpnMismatch", what: "the server accepted none of the ALPN protocols" },
};

/**
 * Turns an error of a TLS connection into a ConnectionError naming the cause. `phase`: "connect" = while opening
 * (TCP, TLS handshake or a layer above it), "handshake" = while opening, and known to be no later than the TLS
 * handshake (a reset then means the server dropped the handshake), "connected" = afterwards. With TLS 1.3 the
 * server judges the client certificate after the client finished its handshake, so such alerts can arrive in the
 * "connected" phase. `tls` (the options the connection used) lets PKCS#11 errors name the token and key.
 */
export function tlsConnectionError(
  error: Error,
  target: string,
  phase: "connect" | "handshake" | "connected" = "connect",
  tls?: TlsOptions,
): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const nodeCode = (error as NodeJS.ErrnoException).code ?? "";
  const known = TLS_VERIFY_ERRORS[nodeCode];
  if (known !== undefined) return negotiationFailure(known.code, `TLS with ${target} failed: ${known.what}`, error);
  if (/^ERR_SSL_.*ALERT/.test(nodeCode)) {
    return negotiationFailure("tlsAlert", `TLS with ${target} failed: the server sent an alert (${nodeCode})`, error);
  }
  if (phase !== "connected" && tls?.pkcs11 !== undefined) {
    const pkcs11 = pkcs11ConnectionError(error, tls.pkcs11);
    if (pkcs11 !== undefined) return pkcs11;
  }
  const material = keyMaterialError(error, nodeCode);
  if (material !== undefined) return material;
  if (nodeCode.startsWith("ERR_SSL_")) return negotiationFailure("tlsHandshake", `TLS handshake with ${target} failed: ${error.message}`, error);
  // A reset or an early close during the handshake: typical of a plain-MQTT port, which drops the ClientHello as
  // a malformed packet. (Node words an early close "… before secure TLS connection was established".)
  const handshakeDropped = phase === "handshake" && (nodeCode === "ECONNRESET" || nodeCode === "EPIPE");
  if (handshakeDropped || (phase !== "connected" && /before secure TLS connection/i.test(error.message))) {
    return negotiationFailure(
      "tlsHandshake",
      `TLS handshake with ${target} failed: the server closed the connection during the handshake (is it a TLS port?)`,
      error,
    );
  }
  return socketConnectionError(error, phase === "connected" ? "connected" : "connect", target);
}

function negotiationFailure(code: string, message: string, cause: Error): ConnectionError {
  return new ConnectionError(code, message, { cause, crtName: "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE", crtCode: 1029 });
}

// Why node:tls could not build the TLS context from the client's certificate, key or PKCS#12 file. Tested
// against the messages of Node 18–22 (OpenSSL 3.0): PKCS#12 MAC errors and "wrong tag" carry no code.
const KEY_MATERIAL_ERRORS: readonly { readonly test: RegExp; readonly code: string; readonly what: string }[] = [
  { test: /mac verify failure/i, code: "tlsPkcs12WrongPassphrase", what: "wrong PKCS#12 passphrase (or none given for a protected file): mac verify failure" },
  {
    test: /Unsupported PKCS12 PFX data/i,
    code: "tlsPkcs12LegacyEncryption",
    what:
      "the PKCS#12 file uses legacy encryption (RC2-40/RC4, the pre-OpenSSL-3 default) that Node's OpenSSL 3 does not " +
      "load by default: re-export it with modern encryption (`openssl pkcs12 -in old.p12 -legacy -nodes | openssl " +
      "pkcs12 -export -out new.p12`) or run Node with --openssl-legacy-provider",
  },
  { test: /wrong tag|not enough data|header too long|asn1 encoding routines/i, code: "tlsPkcs12Invalid", what: "the PKCS#12 data is not a PKCS#12 (.p12/.pfx) file" },
  { test: /bad decrypt|bad password read/i, code: "tlsPrivateKeyWrongPassphrase", what: "the private key is encrypted and the passphrase is wrong or missing (bad decrypt)" },
  { test: /key values mismatch/i, code: "tlsKeyMismatch", what: "the private key does not belong to the certificate (key values mismatch)" },
  { test: /no start line|bad end line|PEM routines|DECODER routines::unsupported/i, code: "tlsInvalidPem", what: "a certificate or private key is not valid PEM" },
];

function keyMaterialError(error: Error, nodeCode: string): ConnectionError | undefined {
  const known = KEY_MATERIAL_ERRORS.find((entry) => entry.test.test(error.message));
  if (known === undefined && !nodeCode.startsWith("ERR_OSSL_") && nodeCode !== "ERR_INVALID_ARG_TYPE" && nodeCode !== "ERR_CRYPTO_UNSUPPORTED_OPERATION") {
    return undefined;
  }
  const what = known?.what ?? (nodeCode === "" ? error.message : `${error.message} (${nodeCode})`);
  // The TLS context could not be built: aws-crt reports this as a TLS context error.
  return new ConnectionError(known?.code ?? "tlsConfiguration", `invalid TLS configuration: ${what}`, {
    cause: error,
    crtName: "AWS_IO_TLS_CTX_ERROR",
    crtCode: 1033,
  });
}
