// src/transport/pkcs11.ts without a token: the pkcs11: URI (RFC 7512 encoding, the PIN only there), finding the
// engine folder, the environment it prepares, the one-library-per-process rule, and error naming.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ConnectionError } from "../../../src/index.js";
import {
  findEnginesDirectory,
  pkcs11ConnectionError,
  pkcs11KeyUri,
  pkcs11SecureContextOptions,
  resetPkcs11EngineStateForTests,
  type EngineSearchEnvironment,
  type Pkcs11KeyOptions,
} from "../../../src/transport/pkcs11.js";
import { redact } from "../../../src/runtime/logger.js";

const KEY: Pkcs11KeyOptions = { libraryPath: "/usr/lib/softhsm/libsofthsm2.so", pin: "1234", tokenLabel: "my token", privateKeyLabel: "clientkey" };

test("the URI names token and key, asks for a private key, and carries the PIN as pin-value", () => {
  assert.equal(pkcs11KeyUri(KEY), "pkcs11:token=my%20token;object=clientkey;type=private;pin-value=1234");
  assert.equal(pkcs11KeyUri({ libraryPath: "x", pin: null }), "pkcs11:type=private", "no PIN: the token authenticates by itself");
  assert.equal(pkcs11KeyUri({ libraryPath: "x", pin: "1", slotId: 5 }), "pkcs11:type=private;pin-value=1", "libp11 0.4 URIs have no slot attribute");
});

test("labels and PINs are percent-encoded (UTF-8), so ; = ? & % cannot break the URI", () => {
  const uri = pkcs11KeyUri({ libraryPath: "x", pin: "p;in=?&%", tokenLabel: "Tök;en", privateKeyLabel: "a=b/c" });
  assert.equal(uri, "pkcs11:token=T%C3%B6k%3Ben;object=a%3Db%2Fc;type=private;pin-value=p%3Bin%3D%3F%26%25");
});

test("redact() removes the PIN from a URI that reaches a log line", () => {
  const line = `The private key was not found at: ${pkcs11KeyUri(KEY)}`;
  assert.doesNotMatch(redact(line), /1234/);
  assert.match(redact(line), /pin-value=\[REDACTED\]/);
});

function fakeEnvironment(files: readonly string[], overrides: Partial<EngineSearchEnvironment> = {}): EngineSearchEnvironment {
  return {
    env: {},
    arch: "x64",
    opensslVersion: "3.0.15+quic",
    exists: (path) => files.includes(path),
    listDirectory: (path) => (path === "/usr/lib" ? ["x86_64-linux-gnu", "aarch64-linux-gnu", "softhsm"] : []),
    systemEnginesDirectory: () => undefined,
    ...overrides,
  };
}

test("the engines folder: Debian multiarch for this arch first, then other layouts, then `openssl version -e`", () => {
  assert.equal(findEnginesDirectory(fakeEnvironment(["/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so"])), "/usr/lib/x86_64-linux-gnu/engines-3");
  assert.equal(
    findEnginesDirectory(fakeEnvironment(["/usr/lib/aarch64-linux-gnu/engines-3/pkcs11.so"], { arch: "arm64" })),
    "/usr/lib/aarch64-linux-gnu/engines-3",
  );
  assert.equal(findEnginesDirectory(fakeEnvironment(["/usr/lib64/engines-3/pkcs11.so"])), "/usr/lib64/engines-3", "Fedora/RHEL");
  assert.equal(findEnginesDirectory(fakeEnvironment(["/opt/homebrew/lib/engines-3/pkcs11.dylib"])), "/opt/homebrew/lib/engines-3", "macOS");
  assert.equal(
    findEnginesDirectory(fakeEnvironment(["/usr/lib/x86_64-linux-gnu/engines-1.1/pkcs11.so"], { opensslVersion: "1.1.1w" })),
    "/usr/lib/x86_64-linux-gnu/engines-1.1",
    "OpenSSL 1.1 engines for a Node built with OpenSSL 1.1",
  );
  assert.equal(
    findEnginesDirectory(fakeEnvironment(["/opt/ssl/engines-3/pkcs11.so"], { systemEnginesDirectory: () => "/opt/ssl/engines-3" })),
    "/opt/ssl/engines-3",
  );
  assert.equal(findEnginesDirectory(fakeEnvironment([])), undefined);
});

test("prepares OPENSSL_ENGINES (unless set) and PKCS11_MODULE_PATH, and loads the engine by id", (t) => {
  resetPkcs11EngineStateForTests();
  t.after(resetPkcs11EngineStateForTests);
  const environment = fakeEnvironment(["/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so"]);
  const options = pkcs11SecureContextOptions(KEY, environment);
  assert.equal(options.privateKeyEngine, "pkcs11", "by id: loading by file path breaks every TLS context after the first");
  assert.equal(options.privateKeyIdentifier, pkcs11KeyUri(KEY));
  assert.deepEqual(environment.env, { OPENSSL_ENGINES: "/usr/lib/x86_64-linux-gnu/engines-3", PKCS11_MODULE_PATH: KEY.libraryPath });

  const userChoice = fakeEnvironment([], { env: { OPENSSL_ENGINES: "/my/engines" } });
  resetPkcs11EngineStateForTests();
  pkcs11SecureContextOptions(KEY, userChoice);
  assert.equal(userChoice.env.OPENSSL_ENGINES, "/my/engines", "the user's OPENSSL_ENGINES wins");
});

test("one PKCS#11 library per process; a missing engine is named with the package to install", (t) => {
  resetPkcs11EngineStateForTests();
  t.after(resetPkcs11EngineStateForTests);
  const environment = fakeEnvironment(["/usr/lib64/engines-3/pkcs11.so"]);
  pkcs11SecureContextOptions(KEY, environment);
  pkcs11SecureContextOptions({ ...KEY, pin: "other" }, environment);
  assert.throws(() => pkcs11SecureContextOptions({ ...KEY, libraryPath: "/other/lib.so" }, environment), { code: "pkcs11LibraryConflict" });
  assert.equal(environment.env.PKCS11_MODULE_PATH, KEY.libraryPath);

  resetPkcs11EngineStateForTests();
  assert.throws(
    () => pkcs11SecureContextOptions(KEY, fakeEnvironment([])),
    (error: unknown) =>
      error instanceof ConnectionError &&
      error.code === "pkcs11EngineNotFound" &&
      error.error_name === "AWS_IO_SHARED_LIBRARY_LOAD_FAILURE" &&
      /libengine-pkcs11-openssl/.test(error.message) &&
      /OPENSSL_ENGINES/.test(error.message),
  );
});

/** An error shaped like the ones node:tls throws from OpenSSL. */
function opensslError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

test("engine errors are named: wrong PIN, locked PIN, missing key, no PIN, module and engine load failures", () => {
  const cases: [Error, string, string, number, RegExp][] = [
    [opensslError("error:418000A0:PKCS#11 module::PIN incorrect", "ERR_OSSL_PIN_INCORRECT"), "pkcs11PinIncorrect", "AWS_ERROR_PKCS11_CKR_PIN_INCORRECT", 1117, /wrong user PIN for the private key labelled "clientkey" on the token labelled "my token"/],
    [opensslError("error:PIN locked", "ERR_OSSL_PIN_LOCKED"), "pkcs11PinLocked", "AWS_ERROR_PKCS11_CKR_PIN_LOCKED", 1121, /locked/],
    [opensslError("error:40800065:pkcs11 engine::object not found", "ERR_OSSL_OBJECT_NOT_FOUND"), "pkcs11KeyNotFound", "AWS_ERROR_PKCS11_KEY_NOT_FOUND", 1075, /was not found/],
    [opensslError("error:1400006B:UI routines::processing error", "ERR_OSSL_UI_PROCESSING_ERROR"), "pkcs11PinRequired", "AWS_ERROR_PKCS11_CKR_USER_NOT_LOGGED_IN", 1141, /user_pin is null/],
    [opensslError("error:41000401:libp11::Unable to load PKCS#11 module", "ERR_OSSL_UNABLE_TO_LOAD_PKCS#11_MODULE"), "pkcs11LibraryLoadFailed", "AWS_IO_SHARED_LIBRARY_LOAD_FAILURE", 1065, /restart/],
    [opensslError("error:12800067:DSO support routines::could not load the shared library"), "pkcs11EngineNotFound", "AWS_IO_SHARED_LIBRARY_LOAD_FAILURE", 1065, /OPENSSL_ENGINES/],
    [opensslError("Custom engines is not supported", "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM"), "pkcs11EngineUnsupported", "AWS_IO_TLS_CTX_ERROR", 1033, /engine support/],
  ];
  for (const [cause, code, crtName, crtCode, message] of cases) {
    const error = pkcs11ConnectionError(cause, KEY);
    assert.ok(error instanceof ConnectionError, code);
    assert.deepEqual([error.code, error.error_name, error.error_code], [code, crtName, crtCode]);
    assert.match(error.message, message);
    assert.equal((error as { cause?: unknown }).cause, cause);
    assert.doesNotMatch(inspect(error, { depth: 6 }), /pin-value|1234/);
  }
  assert.equal(pkcs11ConnectionError(opensslError("error:x509::key values mismatch", "ERR_OSSL_X509_KEY_VALUES_MISMATCH"), KEY), undefined);
});
