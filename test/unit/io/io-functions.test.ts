// The rest of `io`: SocketOptions, logging level, ALPN, error-code lookups — and parity of names, enum values
// and error codes with the real aws-crt 1.33.2 (a devDependency), which users migrate from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { ValidationError, io } from "../../../src/index.js";
import { knownErrorCodes } from "../../../src/io/error-codes.js";
import { defaultLogLevel } from "../../../src/io/logging.js";

type CrtIo = Record<string, unknown> & {
  error_code_to_name(code: number): string;
  error_code_to_string(code: number): string;
};
const crtIo = (createRequire(import.meta.url)("aws-crt") as { io: CrtIo }).io;

test("SocketOptions: aws-crt's constructor defaults and the public snake_case fields", () => {
  const defaults = new io.SocketOptions();
  assert.deepEqual(
    { ...defaults },
    {
      type: io.SocketType.STREAM,
      domain: io.SocketDomain.IPV6,
      connect_timeout_ms: 5000,
      keepalive: false,
      keep_alive_interval_sec: 0,
      keep_alive_timeout_sec: 0,
      keep_alive_max_failed_probes: 0,
    },
  );
  const custom = new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 1234, true, 60, 10, 4);
  assert.deepEqual([custom.connect_timeout_ms, custom.keepalive, custom.keep_alive_interval_sec], [1234, true, 60]);
});

test("SocketOptions refuses what MQTT over Node sockets cannot do, naming the field", () => {
  assert.throws(() => new io.SocketOptions(io.SocketType.DGRAM), (e: ValidationError) => e.field === "SocketOptions.type" && /byte stream/.test(e.rule));
  assert.throws(() => new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.LOCAL), (e: ValidationError) => /Unix domain/.test(e.rule));
  assert.throws(() => new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 0), { field: "SocketOptions.connect_timeout_ms" });
  assert.throws(() => new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 100, true, -1), { field: "SocketOptions.keep_alive_interval_sec" });
  assert.throws(() => new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 100, "yes" as unknown as boolean), { field: "SocketOptions.keepalive" });
});

test("setLogLevel / enable_logging set the library's default console log level", () => {
  assert.equal(defaultLogLevel(), undefined);
  io.setLogLevel(io.LogLevel.DEBUG);
  assert.equal(defaultLogLevel(), "debug");
  io.enable_logging(io.LogLevel.FATAL);
  assert.equal(defaultLogLevel(), "error");
  io.setLogLevel(io.LogLevel.NONE);
  assert.equal(defaultLogLevel(), "none");
  io.setLogLevel(42 as io.LogLevel);
  assert.equal(defaultLogLevel(), "none", "an unknown level is ignored");
});

test("is_alpn_available is true (Node's TLS always has ALPN)", () => {
  assert.equal(io.is_alpn_available(), true);
});

test("error_code_to_name / error_code_to_string: aws-crt's names for every code we know, our formatting", () => {
  assert.equal(io.error_code_to_name(1029), "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE");
  assert.match(io.error_code_to_string(1029), /^aws-c-io: AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE, \S/);
  assert.match(io.error_code_to_string(5153), /^libaws-c-mqtt: AWS_ERROR_MQTT5_USER_REQUESTED_STOP, \S/);
  assert.equal(io.error_code_to_name(99_999), "Unknown Error Code");
  assert.equal(io.error_code_to_string(99_999), "Unknown Error Code");
  const codes = knownErrorCodes();
  assert.ok(codes.length > 40);
  for (const code of codes) {
    assert.equal(io.error_code_to_name(code), crtIo.error_code_to_name(code), `code ${code}`);
    // Same library prefix and name as aws-crt; the description is ours.
    assert.equal(io.error_code_to_string(code).split(",")[0], crtIo.error_code_to_string(code).split(",")[0], `code ${code}`);
  }
});

test("io enums have aws-crt's member names and values", () => {
  for (const name of ["TlsVersion", "SocketType", "SocketDomain", "LogLevel", "CertificateSource", "TlsCipherPreference"] as const) {
    assert.deepEqual({ ...(io[name] as object) }, { ...(crtIo[name] as object) }, name);
  }
  const crtBehavior = (crtIo.Pkcs11Lib as { InitializeFinalizeBehavior: object }).InitializeFinalizeBehavior;
  assert.deepEqual({ ...io.Pkcs11Lib.InitializeFinalizeBehavior }, { ...crtBehavior });
});

test("io exports aws-crt's Node names, except the server-side and stream classes this client does not need", () => {
  const notOffered = new Set(["ServerTlsContext", "InputStream"]);
  const missing = Object.keys(crtIo).filter((name) => !notOffered.has(name) && !(name in io));
  assert.deepEqual(missing, []);
  const factories = Object.getOwnPropertyNames(io.TlsContextOptions).filter((name) => name.startsWith("create_"));
  const crtFactories = Object.getOwnPropertyNames(crtIo.TlsContextOptions as object).filter((name) => name.startsWith("create_"));
  assert.deepEqual(factories.sort(), crtFactories.sort());
});
