// Logger: level filtering, lazy messages, component prefixes, sink faults, and redaction of secrets.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  defaultConsoleLogger,
  describeError,
  LogWriter,
  redact,
  redactValue,
  silentLogger,
  type Logger,
  type LogLevel,
} from "../../../src/runtime/logger.js";

function recorder(level: LogLevel | "none"): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { level, lines, log: (messageLevel, message) => void lines.push(`${messageLevel} ${message}`) };
}

test("messages above the sink's level are dropped without building them", () => {
  const sink = recorder("warn");
  const log = new LogWriter(sink, "client");
  let built = 0;
  log.debug(() => {
    built += 1;
    return "debug";
  });
  log.info("info");
  log.warn(() => "careful");
  log.error("broken");
  assert.equal(built, 0);
  assert.deepEqual(sink.lines, ["warn client: careful", "error client: broken"]);
  assert.equal(log.isEnabled("error"), true);
  assert.equal(log.isEnabled("info"), false);
  assert.equal(new LogWriter(silentLogger, "x").isEnabled("error"), false);
});

test("the library's own sinks and their writers are shared by every client; a user's sink gets its own writers", () => {
  assert.equal(defaultConsoleLogger("warn"), defaultConsoleLogger("warn"));
  assert.notEqual(defaultConsoleLogger("warn"), defaultConsoleLogger("debug"));
  assert.equal(defaultConsoleLogger("info").level, "info");
  assert.ok(Object.isFrozen(defaultConsoleLogger("warn")));
  for (const sink of [silentLogger, defaultConsoleLogger("warn")]) {
    const root = LogWriter.for(sink, "client");
    assert.equal(LogWriter.for(sink, "client"), root);
    assert.equal(root.child("driver"), LogWriter.for(sink, "client").child("driver"));
    assert.notEqual(root.child("driver"), root.child("auth"));
  }
  const sink = recorder("trace");
  const own = LogWriter.for(sink, "client");
  assert.notEqual(LogWriter.for(sink, "client"), own);
  own.child("driver").info("x");
  assert.deepEqual(sink.lines, ["info client/driver: x"]);
});

test("child writers prefix their component; a throwing sink or message builder never escapes", () => {
  const sink = recorder("trace");
  const log = new LogWriter(sink, "client").child("driver");
  log.trace("t");
  assert.deepEqual(sink.lines, ["trace client/driver: t"]);
  log.info(() => {
    throw new Error("formatting failed");
  });
  assert.match(sink.lines[1] ?? "", /log message failed/);
  const throwing = new LogWriter({ level: "trace", log: () => { throw new Error("sink down"); } }, "c");
  assert.doesNotThrow(() => throwing.error("x"));
});

test("every line passes through redact()", () => {
  const sink = recorder("info");
  new LogWriter(sink, "c").info("connecting with password=hunter2");
  assert.equal(sink.lines[0], "info c: connecting with password=[REDACTED]");
});

test("redact(): SigV4 query parameters in signed URLs", () => {
  const url =
    "wss://a1b2.iot.us-east-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240101%2Fus-east-1&X-Amz-Date=20240101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef0123456789&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE";
  const redacted = redact(url);
  assert.doesNotMatch(redacted, /abcdef0123456789|FQoGZXIvYXdzEXAMPLE|AKIAEXAMPLE/);
  assert.match(redacted, /X-Amz-Signature=\[REDACTED\]/);
  assert.match(redacted, /X-Amz-Algorithm=AWS4-HMAC-SHA256/, "harmless parameters stay readable");
  assert.match(redacted, /X-Amz-Date=20240101T000000Z/);
});

test("redact(): PKCS#11 PIN, custom-authorizer signature, Authorization header, private keys", () => {
  const uri = "pkcs11:token=L;object=clientkey;type=private;pin-value=1234";
  assert.equal(redact(uri), "pkcs11:token=L;object=clientkey;type=private;pin-value=[REDACTED]");
  assert.doesNotMatch(redact("user?x-amz-customauthorizer-name=A&x-amz-customauthorizer-signature=c2lnbmF0dXJl"), /c2lnbmF0dXJl/);
  assert.doesNotMatch(redact("Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=deadbeef"), /deadbeef|AKIA/);
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----";
  assert.equal(redact(`key: ${pem}`).includes("MIIEvQIBADANBg"), false);
});

test("redact(): JSON-like secrets keep their quoting, other text is untouched", () => {
  assert.equal(redact('{"username":"alice","password":"hunter2"}'), '{"username":"alice","password":"[REDACTED]"}');
  assert.equal(redact("{ sessionToken: 'abc' }"), "{ sessionToken: '[REDACTED]' }");
  assert.equal(redact("no secrets, topic a/b, qos 1"), "no secrets, topic a/b, qos 1");
});

test("redactValue(): secret-named properties, nested strings and binary data", () => {
  const value = redactValue({
    username: "alice",
    password: new Uint8Array([1, 2]),
    nested: { authenticationData: "x", url: "wss://h/mqtt?X-Amz-Signature=abc", list: [{ pin: "1" }] },
    payload: new Uint8Array(3),
    pingTimeoutMs: 5,
  });
  assert.deepEqual(value, {
    username: "alice",
    password: "[REDACTED]",
    nested: { authenticationData: "[REDACTED]", url: "wss://h/mqtt?X-Amz-Signature=[REDACTED]", list: [{ pin: "[REDACTED]" }] },
    payload: "<3 bytes>",
    pingTimeoutMs: 5,
  });
});

test("describeError(): name, message and code, redacted", () => {
  const error = Object.assign(new Error("engine said pin-value=9999"), { code: "ERR_OSSL_PIN_INCORRECT" });
  assert.equal(describeError(error), "Error: engine said pin-value=[REDACTED] (ERR_OSSL_PIN_INCORRECT)");
  assert.equal(describeError("plain"), "plain");
});
