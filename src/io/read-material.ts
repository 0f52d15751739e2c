// Reads and sanity-checks the PEM / PKCS#12 material a TlsContextOptions names, when the TLS context is created
// (as aws-crt does): a missing file or a certificate where a key belongs fails at once with a ValidationError
// naming the field — never the file's content. Cryptographic checks (passphrases, key/cert match) happen when
// node:tls builds the context on each connection attempt and surface as `connectionFailure`.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../core/errors.js";

const CERTIFICATE_MARKER = "-----BEGIN CERTIFICATE-----";
const PRIVATE_KEY_MARKER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

export function readBinaryFile(path: unknown, field: string): Uint8Array {
  if (typeof path !== "string" || path.length === 0) throw new ValidationError(field, "must be a non-empty file path");
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ValidationError(field, `the file cannot be read (${code})`);
  }
}

function readTextFile(path: unknown, field: string): string {
  return new TextDecoder().decode(readBinaryFile(path, field));
}

export function checkCertificatePem(text: unknown, field: string): string {
  if (typeof text !== "string" || !text.includes(CERTIFICATE_MARKER)) {
    throw new ValidationError(field, "must contain a PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
  return text;
}

export function checkPrivateKeyPem(text: unknown, field: string): string {
  if (typeof text !== "string" || !PRIVATE_KEY_MARKER.test(text)) {
    throw new ValidationError(field, "must contain a PEM private key (-----BEGIN … PRIVATE KEY-----)");
  }
  return text;
}

export function readCertificateFile(path: unknown, field: string): string {
  return checkCertificatePem(readTextFile(path, field), field);
}

export function readPrivateKeyFile(path: unknown, field: string): string {
  return checkPrivateKeyPem(readTextFile(path, field), field);
}

/**
 * Every PEM certificate file in `directory` (OpenSSL "CA path" layout, e.g. /etc/ssl/certs, or a plain folder of
 * .pem/.crt files). Symbolic links are followed; duplicates (hash links) are read once.
 */
export function readCertificateDirectory(directory: unknown, field: string): string[] {
  if (typeof directory !== "string" || directory.length === 0) throw new ValidationError(field, "must be a non-empty folder path");
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw new ValidationError(field, `the folder cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const certificates = new Set<string>();
  for (const name of names.sort()) {
    const path = join(directory, name);
    try {
      if (!statSync(path).isFile()) continue;
      const text = readFileSync(path, "utf8");
      if (text.includes(CERTIFICATE_MARKER)) certificates.add(text);
    } catch {
      // Unreadable entries (dangling links, no permission) are skipped, as OpenSSL's CA path lookup does.
    }
  }
  if (certificates.size === 0) throw new ValidationError(field, "the folder contains no PEM certificate");
  return [...certificates];
}
