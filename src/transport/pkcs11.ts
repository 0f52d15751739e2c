// Mutual TLS with a private key that never leaves a PKCS#11 token (HSM, smart card, SoftHSM2), through the
// OpenSSL "pkcs11" engine (libp11) that Node's TLS can call: `privateKeyEngine: "pkcs11"` plus an RFC 7512
// `pkcs11:` URI as `privateKeyIdentifier`. What this file knows about the engine (reference/peers.md):
//
// - Node's bundled OpenSSL has no engines folder of its own, so we point OPENSSL_ENGINES at the one on disk
//   (e.g. /usr/lib/x86_64-linux-gnu/engines-3) before the first engine use, unless the user already set it.
// - The engine is loaded by id ("pkcs11"), never by file path: by path it works for the first TLS context only
//   and every reconnect in the same process would fail.
// - libp11 reads PKCS11_MODULE_PATH once, on first use, and keeps that module for the life of the process; a
//   second, different library cannot be used (we refuse it with a clear error instead of failing obscurely).
// - The URI carries the PIN (`pin-value=`). The engine itself prints the URI to stderr when a login or lookup
//   fails — we cannot stop that; everything *we* produce (errors, logs) names the token and key, never the URI.
// - Engines are deprecated in OpenSSL 3 (still compiled into Node 18–22's bundled OpenSSL).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ConnectionError } from "../core/errors.js";

/** A private key on a PKCS#11 token, as the TLS transport needs it. */
export interface Pkcs11KeyOptions {
  /** File path of the PKCS#11 module (the vendor's shared library, e.g. /usr/lib/softhsm/libsofthsm2.so). */
  readonly libraryPath: string;
  /** User PIN. `null`: the token authenticates by itself (protected authentication path, e.g. a PIN pad). */
  readonly pin: string | null;
  /** Label of the token holding the key. Needed when the module exposes more than one token. */
  readonly tokenLabel?: string;
  /**
   * Slot id (CK_SLOT_ID). Accepted for aws-crt compatibility, but the engine's URI syntax (libp11 0.4) has no
   * slot attribute: the token is chosen by `tokenLabel`, or is the only initialized token of the module.
   */
  readonly slotId?: number;
  /** CKA_LABEL of the private key. Default: the token's only private key. */
  readonly privateKeyLabel?: string;
}

/** The node:tls secure-context options that load the key through the engine. */
export interface Pkcs11SecureContextOptions {
  readonly privateKeyEngine: string;
  readonly privateKeyIdentifier: string;
}

export const PKCS11_ENGINE_ID = "pkcs11";

const ENGINE_FILE_NAMES = ["pkcs11.so", "pkcs11.dylib", "pkcs11.dll"];

/** Debian/Ubuntu multiarch folder names by Node's `process.arch`. */
const MULTIARCH: Readonly<Record<string, string>> = {
  x64: "x86_64-linux-gnu",
  arm64: "aarch64-linux-gnu",
  arm: "arm-linux-gnueabihf",
  ia32: "i386-linux-gnu",
  ppc64: "powerpc64le-linux-gnu",
  s390x: "s390x-linux-gnu",
  riscv64: "riscv64-linux-gnu",
};

/** What engine discovery looks at; replaced in tests. */
export interface EngineSearchEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly arch: string;
  /** Node's OpenSSL version, e.g. "3.0.15+quic" (engines-3 for OpenSSL 3, engines-1.1 for 1.1). */
  readonly opensslVersion: string;
  exists(path: string): boolean;
  listDirectory(path: string): string[];
  /** The engines folder the system's `openssl` command was built with, if any. */
  systemEnginesDirectory(): string | undefined;
}

const nodeEnvironment: EngineSearchEnvironment = {
  env: process.env,
  arch: process.arch,
  opensslVersion: process.versions.openssl ?? "3",
  exists: existsSync,
  listDirectory(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
  systemEnginesDirectory() {
    try {
      const output = execFileSync("openssl", ["version", "-e"], { encoding: "utf8", timeout: 2_000, stdio: ["ignore", "pipe", "ignore"] });
      return /ENGINESDIR:\s*"([^"]+)"/.exec(output)?.[1];
    } catch {
      return undefined;
    }
  },
};

/** True when `directory` holds the pkcs11 engine. */
function hasEngine(directory: string, environment: EngineSearchEnvironment): boolean {
  return ENGINE_FILE_NAMES.some((name) => environment.exists(join(directory, name)));
}

/**
 * The folder holding the pkcs11 engine for Node's OpenSSL major version, or undefined when none is found.
 * Looks at the usual Linux (Debian multiarch, Fedora lib64, Arch), /usr/local and Homebrew locations, then asks
 * the system `openssl` where its engines live.
 */
export function findEnginesDirectory(environment: EngineSearchEnvironment = nodeEnvironment): string | undefined {
  const folder = environment.opensslVersion.startsWith("1.") ? "engines-1.1" : "engines-3";
  const candidates: string[] = [];
  const multiarch = MULTIARCH[environment.arch];
  if (multiarch !== undefined) candidates.push(`/usr/lib/${multiarch}/${folder}`);
  for (const entry of environment.listDirectory("/usr/lib")) {
    if (/-linux-gnu/.test(entry)) candidates.push(`/usr/lib/${entry}/${folder}`);
  }
  candidates.push(
    `/usr/lib64/${folder}`,
    `/usr/lib/${folder}`,
    `/usr/local/lib/${folder}`,
    `/usr/local/lib64/${folder}`,
    `/opt/homebrew/lib/${folder}`,
  );
  const found = candidates.find((candidate) => hasEngine(candidate, environment));
  if (found !== undefined) return found;
  const system = environment.systemEnginesDirectory();
  return system !== undefined && hasEngine(system, environment) ? system : undefined;
}

// RFC 7512 attribute values: everything but unreserved characters is percent-encoded (UTF-8), which also
// protects the URI's own separators (";", "=", "?", "&") inside labels and PINs.
function encodeAttribute(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

/**
 * The `pkcs11:` URI naming the key. Contains the PIN: never log it, never put it in an error (`redact()` in
 * runtime/logger.ts scrubs `pin-value=` from any text that does reach a log).
 */
export function pkcs11KeyUri(options: Pkcs11KeyOptions): string {
  const attributes: string[] = [];
  if (options.tokenLabel !== undefined) attributes.push(`token=${encodeAttribute(options.tokenLabel)}`);
  if (options.privateKeyLabel !== undefined) attributes.push(`object=${encodeAttribute(options.privateKeyLabel)}`);
  attributes.push("type=private");
  // libp11 0.4 reads pin-value as a path attribute (";"), not as an RFC 7512 query attribute ("?").
  if (options.pin !== null) attributes.push(`pin-value=${encodeAttribute(options.pin)}`);
  return `pkcs11:${attributes.join(";")}`;
}

/** The module the engine was first initialised with in this process (libp11 keeps it until exit). */
let engineLibraryPath: string | undefined;

const crt = (name: string, code: number): { crtName: string; crtCode: number } => ({ crtName: name, crtCode: code });
const SHARED_LIBRARY_LOAD_FAILURE = crt("AWS_IO_SHARED_LIBRARY_LOAD_FAILURE", 1065);
const TLS_CTX_ERROR = crt("AWS_IO_TLS_CTX_ERROR", 1033);

/**
 * Prepares the process environment for the engine (OPENSSL_ENGINES, PKCS11_MODULE_PATH) and returns the
 * secure-context options that load the key. Throws a ConnectionError when the engine is missing or the process
 * already uses another PKCS#11 library. Call it right before creating each TLS context.
 */
export function pkcs11SecureContextOptions(
  options: Pkcs11KeyOptions,
  environment: EngineSearchEnvironment = nodeEnvironment,
): Pkcs11SecureContextOptions {
  if (engineLibraryPath !== undefined && engineLibraryPath !== options.libraryPath) {
    throw new ConnectionError(
      "pkcs11LibraryConflict",
      "PKCS#11: this process already uses another PKCS#11 library through the OpenSSL engine, which loads one " +
        "library per process; use the same Pkcs11Lib path for every client (or a separate process)",
      TLS_CTX_ERROR,
    );
  }
  const env = environment.env;
  if (env.OPENSSL_ENGINES === undefined || env.OPENSSL_ENGINES === "") {
    const directory = findEnginesDirectory(environment);
    if (directory === undefined) {
      throw new ConnectionError(
        "pkcs11EngineNotFound",
        "PKCS#11: the OpenSSL pkcs11 engine (libp11) was not found. Install it (Debian/Ubuntu: " +
          "libengine-pkcs11-openssl; Fedora/RHEL: openssl-pkcs11; macOS: brew install libp11) or set " +
          "OPENSSL_ENGINES to the folder holding pkcs11.so",
        SHARED_LIBRARY_LOAD_FAILURE,
      );
    }
    // Read by OpenSSL from the C environment each time it loads an engine by id; Node's process.env setter
    // writes through to it.
    env.OPENSSL_ENGINES = directory;
  }
  if (engineLibraryPath === undefined) {
    env.PKCS11_MODULE_PATH = options.libraryPath;
    engineLibraryPath = options.libraryPath;
  }
  return { privateKeyEngine: PKCS11_ENGINE_ID, privateKeyIdentifier: pkcs11KeyUri(options) };
}

/** Forgets which library the engine uses (tests only: the real engine never forgets). */
export function resetPkcs11EngineStateForTests(): void {
  engineLibraryPath = undefined;
}

function describeKey(options: Pkcs11KeyOptions): string {
  const key = options.privateKeyLabel === undefined ? "the private key" : `the private key labelled "${options.privateKeyLabel}"`;
  const token = options.tokenLabel === undefined ? "the module's token" : `the token labelled "${options.tokenLabel}"`;
  return `${key} on ${token}`;
}

/**
 * Names the cause of an error thrown while node:tls built a context with a PKCS#11 key, or returns undefined
 * when the error is not about the engine or the token. The messages never contain the PIN or the URI.
 */
export function pkcs11ConnectionError(error: Error, options: Pkcs11KeyOptions): ConnectionError | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const make = (ourCode: string, what: string, names: { crtName: string; crtCode: number }): ConnectionError =>
    new ConnectionError(ourCode, `PKCS#11: ${what}`, { cause: error, ...names });
  switch (code) {
    case "ERR_OSSL_PIN_INCORRECT":
      return make("pkcs11PinIncorrect", `login failed: wrong user PIN for ${describeKey(options)}`, crt("AWS_ERROR_PKCS11_CKR_PIN_INCORRECT", 1117));
    case "ERR_OSSL_PIN_LOCKED":
      return make("pkcs11PinLocked", "login failed: the user PIN is locked (too many wrong PINs); unlock it with the SO PIN", crt("AWS_ERROR_PKCS11_CKR_PIN_LOCKED", 1121));
    case "ERR_OSSL_OBJECT_NOT_FOUND":
      return make(
        "pkcs11KeyNotFound",
        `${describeKey(options)} was not found (check token_label and private_key_object_label; without token_label ` +
          "the module must have exactly one initialized token)",
        crt("AWS_ERROR_PKCS11_KEY_NOT_FOUND", 1075),
      );
    case "ERR_OSSL_UI_PROCESSING_ERROR":
      return make("pkcs11PinRequired", "login failed: the token needs a user PIN, but user_pin is null", crt("AWS_ERROR_PKCS11_CKR_USER_NOT_LOGGED_IN", 1141));
    case "ERR_OSSL_UNABLE_TO_LOAD_PKCS#11_MODULE":
      return make(
        "pkcs11LibraryLoadFailed",
        "the OpenSSL engine could not load the PKCS#11 library (wrong path or architecture?); the engine keeps its " +
          "first library for the life of the process, so restart it after fixing the path",
        SHARED_LIBRARY_LOAD_FAILURE,
      );
    case "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM":
      return make("pkcs11EngineUnsupported", "this Node.js build cannot use OpenSSL engines (it was built without engine support)", TLS_CTX_ERROR);
    default:
      break;
  }
  if (/DSO support routines|could not load the shared library|dynamic engine/i.test(error.message)) {
    return make(
      "pkcs11EngineNotFound",
      "the OpenSSL pkcs11 engine could not be loaded from OPENSSL_ENGINES (is libp11 built for OpenSSL " +
        `${process.versions.openssl ?? "3"}?)`,
      SHARED_LIBRARY_LOAD_FAILURE,
    );
  }
  if (/pkcs11|PKCS#11|libp11/i.test(error.message)) return make("pkcs11Error", `the token refused the operation: ${error.message}`, TLS_CTX_ERROR);
  return undefined;
}
