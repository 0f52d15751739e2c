// TlsContextOptions → the transport's TlsOptions (node:tls names). Runs once, when a ClientTlsContext is created:
// reads the files, checks the shapes and refuses combinations Node cannot honour, with ValidationErrors that name
// the aws-crt field. Secrets (PIN, passphrases) are copied, never echoed.
import { ValidationError } from "../core/errors.js";
import type { Pkcs11KeyOptions } from "../transport/pkcs11.js";
import type { TlsMaterial, TlsOptions } from "../transport/tls.js";
import { cipherPreferenceOptions, nodeMinimumVersion } from "./cipher-preference.js";
import { Pkcs11Lib } from "./pkcs11-lib.js";
import {
  checkCertificatePem,
  checkPrivateKeyPem,
  readBinaryFile,
  readCertificateDirectory,
  readCertificateFile,
  readPrivateKeyFile,
} from "./read-material.js";
import type { TlsContextOptions } from "./tls-context-options.js";

type Fields = Partial<Record<keyof TlsContextOptions, unknown>>;

const MAXIMUM_SLOT_ID = 0xffff_ffff;
const VERSION_ORDER: readonly (TlsOptions["minVersion"] | undefined)[] = [undefined, "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

const versionRank = (version: TlsOptions["minVersion"] | undefined): number => VERSION_ORDER.indexOf(version);

/** Reads and validates `options`; throws ValidationError. */
export function tlsOptionsFromContextOptions(options: TlsContextOptions): TlsOptions {
  const fields = options as Fields;
  if (fields.windows_cert_store_path !== undefined) {
    throw new ValidationError("windows_cert_store_path", "the Windows certificate store is not supported (Node's TLS cannot use keys kept in it); use a PKCS#12 file");
  }
  const result: TlsOptions = {};
  if (fields.verify_peer !== undefined && typeof fields.verify_peer !== "boolean") throw new ValidationError("verify_peer", "must be a boolean");
  result.rejectUnauthorized = fields.verify_peer ?? true;
  const minVersion = nodeMinimumVersion(fields.min_tls_version);
  if (minVersion !== undefined) result.minVersion = minVersion;
  const cipher = cipherPreferenceOptions(fields.tls_cipher_preference);
  if (cipher.ciphers !== undefined) result.ciphers = cipher.ciphers;
  // A cipher policy's floor never lowers an explicitly higher min_tls_version.
  if (cipher.minVersion !== undefined && versionRank(result.minVersion) < versionRank(cipher.minVersion)) result.minVersion = cipher.minVersion;
  const ca = trustedAuthorities(fields);
  if (ca !== undefined) result.ca = ca;
  const alpn = fields.alpn_list;
  if (alpn !== undefined) {
    if (!Array.isArray(alpn) || !alpn.every((protocol) => typeof protocol === "string" && protocol.length > 0 && protocol.length < 256)) {
      throw new ValidationError("alpn_list", "must be a list of non-empty protocol names (at most 255 characters each)");
    }
    if (alpn.length > 0) result.alpnProtocols = [...(alpn as string[])];
  }
  Object.assign(result, clientCredentials(fields));
  return result;
}

function trustedAuthorities(fields: Fields): TlsMaterial[] | undefined {
  const ca: string[] = [];
  if (fields.ca_filepath !== undefined) ca.push(readCertificateFile(fields.ca_filepath, "ca_filepath"));
  if (fields.ca_dirpath !== undefined) ca.push(...readCertificateDirectory(fields.ca_dirpath, "ca_dirpath"));
  if (fields.certificate_authority !== undefined) ca.push(checkCertificatePem(fields.certificate_authority, "certificate_authority"));
  return ca.length === 0 ? undefined : ca;
}

type Credentials = Pick<TlsOptions, "cert" | "key" | "pfx" | "passphrase" | "pkcs11">;

function clientCredentials(fields: Fields): Credentials {
  const pem = fields.certificate !== undefined || fields.certificate_filepath !== undefined || fields.private_key !== undefined || fields.private_key_filepath !== undefined;
  const kinds = [pem && "certificate/private key", fields.pkcs12_filepath !== undefined && "pkcs12_filepath", fields.pkcs11_options !== undefined && "pkcs11_options"].filter(
    (kind): kind is string => kind !== false,
  );
  if (kinds.length > 1) throw new ValidationError("TlsContextOptions", `give one client credential, not ${kinds.join(" and ")}`);
  if (pem) return pemCredentials(fields);
  if (fields.pkcs12_filepath !== undefined) {
    const credentials: Credentials = { pfx: readBinaryFile(fields.pkcs12_filepath, "pkcs12_filepath") };
    if (fields.pkcs12_password !== undefined) {
      if (typeof fields.pkcs12_password !== "string") throw new ValidationError("pkcs12_password", "must be a string");
      credentials.passphrase = fields.pkcs12_password;
    }
    return credentials;
  }
  if (fields.pkcs11_options !== undefined) return pkcs11Credentials(fields.pkcs11_options);
  return {};
}

function exactlyOne(fields: Fields, inMemory: keyof TlsContextOptions, fromPath: keyof TlsContextOptions): void {
  if (fields[inMemory] !== undefined && fields[fromPath] !== undefined) throw new ValidationError(fromPath, `give ${fromPath} or ${inMemory}, not both`);
  if (fields[inMemory] === undefined && fields[fromPath] === undefined) throw new ValidationError(fromPath, `${fromPath} or ${inMemory} is required for mutual TLS`);
}

function pemCredentials(fields: Fields): Credentials {
  exactlyOne(fields, "certificate", "certificate_filepath");
  exactlyOne(fields, "private_key", "private_key_filepath");
  const cert =
    fields.certificate_filepath !== undefined
      ? readCertificateFile(fields.certificate_filepath, "certificate_filepath")
      : checkCertificatePem(fields.certificate, "certificate");
  const key =
    fields.private_key_filepath !== undefined
      ? readPrivateKeyFile(fields.private_key_filepath, "private_key_filepath")
      : checkPrivateKeyPem(fields.private_key, "private_key");
  return { cert, key };
}

function optionalLabel(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) throw new ValidationError(field, "must be a non-empty string");
  return value;
}

function pkcs11Credentials(value: unknown): Credentials {
  if (typeof value !== "object" || value === null) throw new ValidationError("pkcs11_options", "must be an object");
  const options = value as Partial<Record<keyof TlsContextOptions.Pkcs11Options, unknown>>;
  const lib = options.pkcs11_lib;
  if (!(lib instanceof Pkcs11Lib)) throw new ValidationError("pkcs11_options.pkcs11_lib", "must be an io.Pkcs11Lib");
  if (lib.closed) throw new ValidationError("pkcs11_options.pkcs11_lib", "was closed");
  if (options.user_pin !== null && typeof options.user_pin !== "string") {
    throw new ValidationError("pkcs11_options.user_pin", "must be a string, or null for a token that authenticates by itself");
  }
  const slotId = options.slot_id;
  if (slotId !== undefined && (typeof slotId !== "number" || !Number.isInteger(slotId) || slotId < 0 || slotId > MAXIMUM_SLOT_ID)) {
    throw new ValidationError("pkcs11_options.slot_id", "must be an integer in 0..4,294,967,295");
  }
  if (options.cert_file_path !== undefined && options.cert_file_contents !== undefined) {
    throw new ValidationError("pkcs11_options.cert_file_path", "give cert_file_path or cert_file_contents, not both");
  }
  let cert: string;
  if (options.cert_file_path !== undefined) cert = readCertificateFile(options.cert_file_path, "pkcs11_options.cert_file_path");
  else if (options.cert_file_contents !== undefined) cert = checkCertificatePem(options.cert_file_contents, "pkcs11_options.cert_file_contents");
  else {
    throw new ValidationError("pkcs11_options.cert_file_path", "cert_file_path or cert_file_contents is required (the certificate is not read from the token)");
  }
  const key: { -readonly [K in keyof Pkcs11KeyOptions]: Pkcs11KeyOptions[K] } = { libraryPath: lib.path, pin: options.user_pin };
  const tokenLabel = optionalLabel(options.token_label, "pkcs11_options.token_label");
  if (tokenLabel !== undefined) key.tokenLabel = tokenLabel;
  const keyLabel = optionalLabel(options.private_key_object_label, "pkcs11_options.private_key_object_label");
  if (keyLabel !== undefined) key.privateKeyLabel = keyLabel;
  if (slotId !== undefined) key.slotId = slotId;
  return { cert, pkcs11: key };
}
