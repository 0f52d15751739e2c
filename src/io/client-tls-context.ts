// io.TlsContext / io.ClientTlsContext: an immutable, validated TLS configuration built from TlsContextOptions,
// passed to the client as `tlsCtx`. The client reads it through `toTlsOptions()`; node:tls builds a fresh secure
// context from it on every connection attempt, so key problems (wrong passphrase, wrong PIN) are reported as
// `connectionFailure` events while the client keeps retrying.
import { ValidationError } from "../core/errors.js";
import type { TlsOptions } from "../transport/tls.js";
import type { CertificateSource, TlsCipherPreference, TlsVersion } from "./enums.js";
import { TlsContextOptions } from "./tls-context-options.js";
import { tlsOptionsFromContextOptions } from "./tls-options-from-context.js";

/** Copy with fresh arrays, so a caller cannot change the context through what it was given. */
function copyTlsOptions(options: Readonly<TlsOptions>): TlsOptions {
  const copy: TlsOptions = { ...options };
  if (Array.isArray(options.ca)) copy.ca = [...options.ca];
  if (Array.isArray(options.cert)) copy.cert = [...options.cert];
  if (Array.isArray(options.key)) copy.key = [...options.key];
  if (options.alpnProtocols !== undefined) copy.alpnProtocols = [...options.alpnProtocols];
  if (options.pkcs11 !== undefined) copy.pkcs11 = { ...options.pkcs11 };
  return copy;
}

/** Base of the TLS contexts (aws-crt's `io.TlsContext`). */
export abstract class TlsContext {
  /** Copied from the options (aws-crt reports it in SDK metrics). */
  readonly certificate_source?: CertificateSource;
  readonly tls_cipher_preference?: TlsCipherPreference;
  readonly min_tls_version?: TlsVersion;

  protected constructor(options: TlsContextOptions) {
    if (typeof options !== "object") throw new ValidationError("ctx_opt", "must be an io.TlsContextOptions");
    if (options.certificate_source !== undefined) this.certificate_source = options.certificate_source;
    if (options.tls_cipher_preference !== undefined) this.tls_cipher_preference = options.tls_cipher_preference;
    if (options.min_tls_version !== undefined) this.min_tls_version = options.min_tls_version;
  }

  /** The node:tls settings of this context (a copy). */
  abstract toTlsOptions(): TlsOptions;
}

/** Client TLS context: pass it as `tlsCtx` in the Mqtt5Client configuration. */
export class ClientTlsContext extends TlsContext {
  // A private field: util.inspect / JSON.stringify of the context do not show the key material or the PIN.
  readonly #tls: Readonly<TlsOptions>;

  /**
   * Reads the files the options name and validates every field; throws a ValidationError naming the field.
   * No options (or null): server verification against Node's bundled CA list, no client certificate.
   */
  constructor(ctx_opt?: TlsContextOptions | null) {
    const options = ctx_opt ?? new TlsContextOptions();
    super(options);
    this.#tls = Object.freeze(tlsOptionsFromContextOptions(options));
  }

  toTlsOptions(): TlsOptions {
    return copyTlsOptions(this.#tls);
  }
}
