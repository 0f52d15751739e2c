// TlsVersion and TlsCipherPreference → node:tls options. Node's TLS is OpenSSL, so aws-crt's s2n-specific
// policies are mapped onto their intent where OpenSSL can express it and refused where it cannot.
import { ValidationError } from "../core/errors.js";
import type { TlsOptions } from "../transport/tls.js";
import { TlsCipherPreference, TlsVersion } from "./enums.js";

type NodeTlsVersion = NonNullable<TlsOptions["minVersion"]>;

const NODE_VERSIONS: Readonly<Partial<Record<TlsVersion, NodeTlsVersion>>> = {
  [TlsVersion.TLSv1]: "TLSv1",
  [TlsVersion.TLSv1_1]: "TLSv1.1",
  [TlsVersion.TLSv1_2]: "TLSv1.2",
  [TlsVersion.TLSv1_3]: "TLSv1.3",
};

/** node:tls `minVersion` for `version`; undefined = Node's default (TLS 1.2). Throws ValidationError for SSLv3. */
export function nodeMinimumVersion(version: unknown): NodeTlsVersion | undefined {
  if (version === undefined || version === TlsVersion.Default) return undefined;
  if (version === TlsVersion.SSLv3) {
    throw new ValidationError("min_tls_version", "SSLv3 is not supported (insecure, and absent from Node's OpenSSL)");
  }
  const mapped = NODE_VERSIONS[version as TlsVersion];
  if (mapped === undefined) throw new ValidationError("min_tls_version", "must be a TlsVersion value");
  return mapped;
}

// TLS 1.2 suites with forward secrecy and AEAD only, plus every TLS 1.3 suite (all of them qualify).
const TLS12_2025_CIPHERS = [
  "TLS_AES_128_GCM_SHA256",
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/** Whether `preference` can be honoured with Node's TLS (io.tls_cipher_preference_is_supported). */
export function cipherPreferenceIsSupported(preference: TlsCipherPreference): boolean {
  return (
    preference === TlsCipherPreference.Default ||
    preference === TlsCipherPreference.PQ_Default ||
    preference === TlsCipherPreference.TLSv1_2_2025_07
  );
}

/** The node:tls settings for `preference` (none for the defaults). Throws ValidationError when unsupported. */
export function cipherPreferenceOptions(preference: unknown): Pick<TlsOptions, "ciphers" | "minVersion"> {
  if (preference === undefined) return {};
  if (typeof preference !== "number" || !Object.values(TlsCipherPreference).includes(preference)) {
    throw new ValidationError("tls_cipher_preference", "must be a TlsCipherPreference value");
  }
  if (!cipherPreferenceIsSupported(preference)) {
    throw new ValidationError("tls_cipher_preference", "is not supported by Node's TLS (OpenSSL); use Default or PQ_Default");
  }
  // PQ_Default: OpenSSL 3.5+ (Node 24+) offers hybrid ML-KEM key exchange by default; older versions cannot.
  if (preference === TlsCipherPreference.TLSv1_2_2025_07) return { ciphers: TLS12_2025_CIPHERS, minVersion: "TLSv1.2" };
  return {};
}
