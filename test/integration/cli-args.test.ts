// The CLI's command-line parsing (src/cli/args.ts, src/cli/broker-url.ts), in process: defaults, environment
// fallbacks, URL forms, and the usage errors that become exit code 2.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine, type CliCommand } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/cli-errors.js";

function parse(args: string[], env: Record<string, string> = {}): CliCommand {
  return parseCommandLine(args, env);
}

function connectionOf(command: CliCommand) {
  assert.ok(command.kind === "pub" || command.kind === "sub" || command.kind === "demo", `got ${command.kind}`);
  return command.connection;
}

describe("CLI args: commands", () => {
  it("pub: topic, message and defaults", () => {
    const command = parse(["pub", "a/b", "hello world"]);
    assert.deepEqual(
      { ...command, connection: undefined },
      { kind: "pub", connection: undefined, topic: "a/b", message: "hello world", qos: 0, retain: false, repeat: 1 },
    );
    const connection = connectionOf(command);
    assert.deepEqual(connection.broker, { host: "127.0.0.1", port: 1883, tls: false, username: undefined, password: undefined });
    assert.equal(connection.keepAliveSeconds, 60);
    assert.equal(connection.connectAttempts, 3);
    assert.equal(connection.connectTimeoutMs, 10_000);
    assert.equal(connection.logLevel, "warn");
  });

  it("pub: --qos, -r, --repeat; a message that looks like a flag goes after --", () => {
    const command = parse(["pub", "-q", "2", "-r", "--repeat", "5", "t", "--", "--not-a-flag"]);
    assert.equal(command.kind, "pub");
    if (command.kind !== "pub") return;
    assert.deepEqual([command.qos, command.retain, command.repeat, command.message], [2, true, 5, "--not-a-flag"]);
  });

  it("sub: several filters, --count, --timeout in seconds", () => {
    const command = parse(["sub", "a/#", "b/+", "--qos", "1", "-C", "4", "--timeout", "2.5"]);
    assert.equal(command.kind, "sub");
    if (command.kind !== "sub") return;
    assert.deepEqual([command.filters, command.qos, command.count, command.timeoutMs], [["a/#", "b/+"], 1, 4, 2500]);
    const forever = parse(["sub", "x"]);
    assert.ok(forever.kind === "sub" && forever.count === 0 && forever.timeoutMs === undefined);
  });

  it("help and version forms", () => {
    assert.deepEqual(parse([]), { kind: "help", command: undefined });
    assert.deepEqual(parse(["-h"]), { kind: "help", command: undefined });
    assert.deepEqual(parse(["help", "sub"]), { kind: "help", command: "sub" });
    assert.deepEqual(parse(["pub", "--help"]), { kind: "help", command: "pub" });
    assert.deepEqual(parse(["--version"]), { kind: "version" });
  });
});

describe("CLI args: broker address and credentials", () => {
  it("demo without --url or MQTT_URL has no broker (embedded); MQTT_URL and --url override, --url first", () => {
    assert.equal(connectionOf(parse(["demo"])).broker, undefined);
    assert.equal(connectionOf(parse(["demo"], { MQTT_URL: "mqtt://env-host:1999" })).broker?.host, "env-host");
    const both = connectionOf(parse(["demo", "--url", "mqtt://flag-host"], { MQTT_URL: "mqtt://env-host:1999" }));
    assert.deepEqual([both.broker?.host, both.broker?.port], ["flag-host", 1883]);
    assert.equal(connectionOf(parse(["sub", "t"], { MQTT_URL: "mqtts://secure" })).broker?.port, 8883);
  });

  it("URL forms: mqtts default port, IPv6 literal, credentials in the URL (decoded), flags win over them", () => {
    const secure = connectionOf(parse(["pub", "t", "m", "--url", "mqtts://broker.example:9999"]));
    assert.deepEqual(secure.broker, { host: "broker.example", port: 9999, tls: true, username: undefined, password: undefined });
    assert.equal(connectionOf(parse(["pub", "t", "m", "--url", "mqtt://[::1]:1884"])).broker?.host, "::1");
    const withCredentials = connectionOf(parse(["pub", "t", "m", "--url", "mqtt://al%40ice:p%3Ass@h"]));
    assert.deepEqual([withCredentials.username, withCredentials.password], ["al@ice", "p:ss"]);
    const flags = connectionOf(parse(["pub", "t", "m", "--url", "mqtt://u:p@h", "--username", "v", "--password", "q"]));
    assert.deepEqual([flags.username, flags.password], ["v", "q"]);
  });

  it("MQTT_PASSWORD is the last fallback for the password", () => {
    assert.equal(connectionOf(parse(["pub", "t", "m"], { MQTT_PASSWORD: "from-env" })).password, "from-env");
    assert.equal(connectionOf(parse(["pub", "t", "m", "--password", "flag"], { MQTT_PASSWORD: "from-env" })).password, "flag");
  });

  it("TLS files and timing options", () => {
    const connection = connectionOf(
      parse([
        "pub", "t", "m", "--url", "mqtts://h", "--ca", "ca.pem", "--cert", "c.pem", "--key", "k.pem", "--insecure",
        "--keep-alive", "0", "--connect-attempts", "0", "--connect-timeout", "1.5", "--client-id", "me", "--log-level", "debug",
      ]),
    );
    assert.deepEqual(
      [connection.caFile, connection.certFile, connection.keyFile, connection.insecure],
      ["ca.pem", "c.pem", "k.pem", true],
    );
    assert.deepEqual(
      [connection.keepAliveSeconds, connection.connectAttempts, connection.connectTimeoutMs, connection.clientId, connection.logLevel],
      [0, 0, 1500, "me", "debug"],
    );
  });
});

describe("CLI args: usage errors", () => {
  const cases: Array<[string[], RegExp]> = [
    [["nope"], /unknown command 'nope'/],
    [["--qos", "1"], /expected a command before --qos/],
    [["pub", "t"], /needs a topic and a message/],
    [["pub", "t", "m", "extra"], /one topic and one message/],
    [["pub", "t", "m", "--qos", "1.0"], /--qos must be 0, 1 or 2/],
    [["pub", "t", "m", "--keep-alive", "65536"], /--keep-alive must be a whole number from 0 to 65535/],
    [["pub", "t", "m", "--connect-timeout", "abc"], /--connect-timeout must be a number of seconds/],
    [["pub", "t", "m", "--log-level", "loud"], /--log-level must be one of/],
    [["pub", "t", "m", "--url", "not a url"], /--url must look like/],
    [["pub", "t", "m", "--url", "http://h"], /scheme must be mqtt:\/\/ or mqtts:\/\//],
    [["pub", "t", "m", "--url", "mqtt://h/path"], /must not have a path/],
    [["pub", "t", "m", "--url", "mqtt://h", "--insecure"], /need an mqtts:\/\/ URL/],
    [["pub", "t", "m", "--count", "2"], /Unknown option '--count'/],
    [["sub", "t", "--retain"], /Unknown option '--retain'/],
    [["sub", "t", "--timeout", "0"], /--timeout must be a number of seconds from 0.1/],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(" ")} → ${message}`, () => {
      assert.throws(() => parse(args), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }

  it("never echoes the password of a malformed URL", () => {
    assert.throws(
      () => parse(["pub", "t", "m", "--url", "mqtt://user:topsecret@bad host"]),
      (error: unknown) => error instanceof UsageError && !error.message.includes("topsecret"),
    );
  });
});
