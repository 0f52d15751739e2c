// io.TlsContextOptions: aws-crt's mutable bag of TLS settings with its static factories (api-iot.md §3.3). It only
// records what the user asked for; `ClientTlsContext` (client-tls-context.ts) reads the files, checks everything
// and turns it into node:tls options. Field names are aws-crt's snake_case ones on purpose.
import { ValidationError } from "../core/errors.js";
import { CertificateSource, TlsVersion, type TlsCipherPreference } from "./enums.js";
import type { Pkcs11Lib } from "./pkcs11-lib.js";

/** A PKCS#12 file and its passphrase (the IoT config builder's `newDirectMqttBuilderWithMtlsFromPkcs12` input). */
export interface Pkcs12Options {
  pkcs12_file: string;
  pkcs12_password: string;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) throw new ValidationError(field, "must be a non-empty string");
  return value;
}

/** Options for a TLS context. Create one with a static factory, adjust the fields, pass it to `ClientTlsContext`. */
export class TlsContextOptions {
  /** Lowest TLS version to negotiate. Default: TlsVersion.Default (Node's minimum, TLS 1.2). */
  min_tls_version: TlsVersion = TlsVersion.Default;
  /** PEM file of trusted certificate authorities; replaces the default trust store. */
  ca_filepath?: string;
  /** Folder of PEM CA certificates (every file holding a certificate is read); replaces the default trust store. */
  ca_dirpath?: string;
  /** Trusted certificate authorities as PEM text; replaces the default trust store. */
  certificate_authority?: string;
  /** ALPN protocols in order of preference (e.g. ["x-amzn-mqtt-ca"] for AWS IoT Core on port 443). Default []. */
  alpn_list: string[] = [];
  /** PEM file of the client certificate (chain). */
  certificate_filepath?: string;
  /** Client certificate (chain) as PEM text. */
  certificate?: string;
  /** PEM file of the client private key. */
  private_key_filepath?: string;
  /** Client private key as PEM text. */
  private_key?: string;
  /** PKCS#12 file holding the client key and certificate. */
  pkcs12_filepath?: string;
  /** Passphrase of `pkcs12_filepath`. */
  pkcs12_password?: string;
  /** Client key on a PKCS#11 token (with the certificate from a file or text). */
  pkcs11_options?: TlsContextOptions.Pkcs11Options;
  /** Windows certificate store path: not supported (see create_client_with_mtls_windows_cert_store_path). */
  windows_cert_store_path?: string;
  /** Cipher policy. Default: TlsCipherPreference.Default. */
  tls_cipher_preference?: TlsCipherPreference;
  /** Where the client certificate comes from; set by the factories, informational (aws-crt uses it for metrics). */
  certificate_source?: CertificateSource;
  /** Verify the server's certificate chain and host name. Default true; false is for tests only. */
  verify_peer = true;
  /**
   * aws-crt: skip revocation checks. Node's TLS does not check revocation (no CRL/OCSP fetching) either way, so
   * this is accepted and has no effect.
   */
  no_certificate_revocation = false;

  /** Trust only the CAs in `ca_dirpath` (a folder of PEM files) and/or `ca_filepath` (one PEM file). */
  override_default_trust_store_from_path(ca_dirpath?: string, ca_filepath?: string): void {
    if (ca_dirpath !== undefined) this.ca_dirpath = requireString(ca_dirpath, "ca_dirpath");
    if (ca_filepath !== undefined) this.ca_filepath = requireString(ca_filepath, "ca_filepath");
  }

  /** Trust only the CAs in `certificate_authority` (PEM text). */
  override_default_trust_store(certificate_authority: string): void {
    this.certificate_authority = requireString(certificate_authority, "certificate_authority");
  }

  /** Mutual TLS with a certificate and private key given as PEM text. */
  static create_client_with_mtls(certificate: string, private_key: string): TlsContextOptions {
    const options = TlsContextOptions.client(CertificateSource.CERTIFICATE_FILES);
    options.certificate = requireString(certificate, "certificate");
    options.private_key = requireString(private_key, "private_key");
    return options;
  }

  /** Mutual TLS with a certificate and private key read from PEM files. */
  static create_client_with_mtls_from_path(certificate_filepath: string, private_key_filepath: string): TlsContextOptions {
    const options = TlsContextOptions.client(CertificateSource.CERTIFICATE_FILES);
    options.certificate_filepath = requireString(certificate_filepath, "certificate_filepath");
    options.private_key_filepath = requireString(private_key_filepath, "private_key_filepath");
    return options;
  }

  /** Mutual TLS with a PKCS#12 file (works on every OS here; aws-crt supports it on macOS only). */
  static create_client_with_mtls_pkcs12_from_path(pkcs12_filepath: string, pkcs12_password: string): TlsContextOptions {
    const options = TlsContextOptions.client(CertificateSource.PKCS12_FILE);
    options.pkcs12_filepath = requireString(pkcs12_filepath, "pkcs12_filepath");
    if (typeof pkcs12_password !== "string") throw new ValidationError("pkcs12_password", "must be a string");
    options.pkcs12_password = pkcs12_password;
    return options;
  }

  /** Alias of create_client_with_mtls_pkcs12_from_path (aws-crt's older name). */
  static create_client_with_mtls_pkcs_from_path(pkcs12_filepath: string, pkcs12_password: string): TlsContextOptions {
    return TlsContextOptions.create_client_with_mtls_pkcs12_from_path(pkcs12_filepath, pkcs12_password);
  }

  /** Mutual TLS with the private key on a PKCS#11 token, through the OpenSSL pkcs11 engine (README: PKCS#11). */
  static create_client_with_mtls_pkcs11(options: TlsContextOptions.Pkcs11Options): TlsContextOptions {
    if (typeof options !== "object" || options === null) throw new ValidationError("pkcs11_options", "must be an object");
    const result = TlsContextOptions.client(CertificateSource.PKCS11);
    result.pkcs11_options = options;
    return result;
  }

  /**
   * Not supported: always throws a ValidationError. aws-crt signs with a key from the Windows certificate store
   * through Windows' own TLS stack (SChannel); this library uses Node's TLS (OpenSSL), which cannot reach keys in
   * that store on any OS. Export the certificate with its private key to a PKCS#12 file and use
   * create_client_with_mtls_pkcs12_from_path (or PEM files with create_client_with_mtls_from_path).
   */
  static create_client_with_mtls_windows_cert_store_path(certificate_path: string): TlsContextOptions {
    void certificate_path;
    throw new ValidationError(
      "windows_cert_store_path",
      "the Windows certificate store is not supported on this platform or any other: Node's TLS (OpenSSL) cannot use " +
        "keys kept in it. Export the certificate and key to a PKCS#12 file and use create_client_with_mtls_pkcs12_from_path",
    );
  }

  /** Server-side options from PEM files (verify_peer false). For completeness: this library has no TLS server. */
  static create_server_with_mtls_from_path(certificate_filepath: string, private_key_filepath: string): TlsContextOptions {
    const options = new TlsContextOptions();
    options.certificate_filepath = requireString(certificate_filepath, "certificate_filepath");
    options.private_key_filepath = requireString(private_key_filepath, "private_key_filepath");
    options.verify_peer = false;
    return options;
  }

  /** Server-side options from a PKCS#12 file (verify_peer false). For completeness: this library has no TLS server. */
  static create_server_with_mtls_pkcs_from_path(pkcs12_filepath: string, pkcs12_password: string): TlsContextOptions {
    const options = new TlsContextOptions();
    options.pkcs12_filepath = requireString(pkcs12_filepath, "pkcs12_filepath");
    if (typeof pkcs12_password !== "string") throw new ValidationError("pkcs12_password", "must be a string");
    options.pkcs12_password = pkcs12_password;
    options.verify_peer = false;
    return options;
  }

  private static client(source: CertificateSource): TlsContextOptions {
    const options = new TlsContextOptions();
    options.verify_peer = true;
    options.certificate_source = source;
    return options;
  }
}

// aws-crt declares the PKCS#11 options type inside the class's namespace (`TlsContextOptions.Pkcs11Options`);
// a namespace merged with the class is the only way to offer the same type name.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace TlsContextOptions {
  /** A client key on a PKCS#11 token, and the matching certificate (aws-crt's shape). */
  export type Pkcs11Options = {
    /** The token vendor's PKCS#11 library. */
    pkcs11_lib: Pkcs11Lib;
    /**
     * User PIN. `null`: the token authenticates by itself (protected authentication path). Careful: for a token
     * without one, the OpenSSL engine then prompts for the PIN on the terminal.
     */
    user_pin: null | string;
    /**
     * Slot id. Accepted, but the OpenSSL engine cannot select a slot by number: give `token_label` when the
     * library exposes more than one token.
     */
    slot_id?: number;
    /** Label of the token holding the key. */
    token_label?: string;
    /** Label (CKA_LABEL) of the private key. Default: the token's only private key. */
    private_key_object_label?: string;
    /** PEM file of the client certificate. The certificate is not read from the token: give this or the next. */
    cert_file_path?: string;
    /** Client certificate as PEM text. */
    cert_file_contents?: string;
  };
}
