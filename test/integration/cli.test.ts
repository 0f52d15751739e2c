// The `mqtt5` binary end to end: the compiled CLI runs as a child process against the embedded aedes broker, a
// private Mosquitto (TCP, TLS, mutual TLS, password listener) and a port nobody listens on. Every run must end
// by itself within its time limit: a CLI that leaves a timer or socket behind is killed and the test fails.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/free-port.js";
import { startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { describeRun, runCli, startCli, type CliResult } from "./cli-runner.js";

const ROOT_PACKAGE = fileURLToPath(new URL("../../../package.json", import.meta.url));

function assertExit(run: CliResult, code: number): void {
  assert.equal(run.timedOut, false, `the CLI did not exit by itself: ${describeRun(run)}`);
  assert.equal(run.code, code, describeRun(run));
}

function lines(text: string, pattern: RegExp): string[] {
  return text.split("\n").filter((line) => pattern.test(line));
}

/** What every successful demo prints, wherever its broker is. */
function assertDemoTranscript(run: CliResult): void {
  assertExit(run, 0);
  const out = run.stdout;
  assert.match(out, /^event attemptingConnect$/m);
  assert.match(out, /^event connectionSuccess CONNACK \{ reasonCode: Success \(0x00\)/m);
  assert.match(out, /^< SUBACK \{ reasonCodes: \[GrantedQoS2 \(0x02\)\] \}$/m);
  assert.match(out, /^< \(QoS 0: no acknowledgement/m);
  assert.match(out, /^< PUBACK \{ reasonCode: Success \(0x00\) \}$/m);
  assert.match(out, /^< PUBCOMP \{ reasonCode: Success \(0x00\) \}$/m);
  for (const qos of [0, 1, 2]) {
    const received = lines(out, new RegExp(`^event messageReceived PUBLISH .*"hello from mqtt5-client at QoS ${qos}"`));
    assert.equal(received.length, 1, `one QoS ${qos} message expected:\n${out}`);
    assert.match(received[0] ?? "", new RegExp(`qos: ${["AtMostOnce", "AtLeastOnce", "ExactlyOnce"][qos]} \\(${qos}\\)`));
  }
  assert.match(out, /^received 3 of 3 message\(s\)$/m);
  assert.match(out, /^< UNSUBACK \{ reasonCodes: \[Success \(0x00\)\] \}$/m);
  // The shutdown sequence comes last and in order: disconnection (user stop), stopped, "demo: ok".
  const tail = out.slice(out.indexOf("< UNSUBACK"));
  const order = ["event disconnection", "event stopped", "demo: ok"].map((text) => tail.indexOf(text));
  assert.ok(order.every((index, i) => index > 0 && (i === 0 || index > (order[i - 1] ?? 0))), `shutdown order:\n${tail}`);
  assert.match(out, /event disconnection .*AWS_ERROR_MQTT5_USER_REQUESTED_STOP/);
  assert.equal(run.stderr, "", "a successful demo writes nothing to stderr");
}

describe("mqtt5 CLI: usage", () => {
  it("--help prints the overview and exits 0; each command has its own help", async () => {
    const overview = await runCli(["--help"]);
    assertExit(overview, 0);
    assert.match(overview.stdout, /^Usage: mqtt5 <command> \[options\]/);
    for (const text of ["pub TOPIC MESSAGE", "sub FILTER", "demo", "--connect-attempts", "Exit codes: 0 success"]) {
      assert.ok(overview.stdout.includes(text), `overview lacks ${text}`);
    }
    const sub = await runCli(["sub", "--help"]);
    assertExit(sub, 0);
    assert.match(sub.stdout, /^Usage: mqtt5 sub FILTER/);
    assert.match(sub.stdout, /--count N/);
    const noArguments = await runCli([]);
    assertExit(noArguments, 0);
    assert.equal(noArguments.stdout, overview.stdout);
  });

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"]);
    assertExit(run, 0);
    const { version } = JSON.parse(readFileSync(ROOT_PACKAGE, "utf8")) as { version: string };
    assert.equal(run.stdout, `mqtt5 (mqtt5-client) ${version}\n`);
  });

  it("an unknown flag exits 2 with a message naming it, and connects nowhere", async () => {
    const run = await runCli(["pub", "some/topic", "hello", "--bogus"]);
    assertExit(run, 2);
    assert.match(run.stderr, /Unknown option '--bogus'/);
    assert.match(run.stderr, /mqtt5 --help/);
    assert.equal(run.stdout, "");
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [["frob"], /unknown command 'frob'/],
    [["pub", "only-a-topic"], /pub needs a topic and a message/],
    [["pub", "t", "m", "--qos", "3"], /--qos must be 0, 1 or 2/],
    [["pub", "t", "m", "--repeat", "0"], /--repeat must be a whole number from 1/],
    [["sub"], /sub needs at least one topic filter/],
    [["sub", "t", "--count", "-1"], /--count/],
    [["sub", "t", "--url", "ws://127.0.0.1:9001"], /mqtt:\/\/ or mqtts:\/\/.*WebSocket/],
    [["pub", "t", "m", "--url", "mqtt://127.0.0.1:1883", "--ca", "ca.pem"], /need an mqtts:\/\/ URL/],
    [["pub", "t", "m", "--url", "mqtts://127.0.0.1:8883", "--cert", "c.pem"], /--cert and --key go together/],
    [["demo", "extra"], /demo takes no arguments/],
    [["demo", "--count", "1"], /Unknown option '--count'/],
  ];
  for (const [args, message] of usageErrors) {
    it(`usage error: mqtt5 ${args.join(" ")} → exit 2`, async () => {
      const run = await runCli(args);
      assertExit(run, 2);
      assert.match(run.stderr, message);
    });
  }
});

describe("mqtt5 CLI: demo against the embedded aedes broker", () => {
  it("connects, subscribes, publishes at QoS 0/1/2, prints every ACK and message, stops, exits 0 by itself", async () => {
    const run = await runCli(["demo"]);
    assertDemoTranscript(run);
    assert.match(run.stdout, /^embedded broker: aedes 2\.0\.0-beta\.1 \(in-process\) on mqtt:\/\/127\.0\.0\.1:\d+/m);
    assert.match(run.stdout, /^embedded broker: stopped$/m);
  });
});

describe("mqtt5 CLI: against Mosquitto", () => {
  let broker: MosquittoBroker;
  let url: string;
  before(async () => {
    broker = await startMosquitto();
    url = `mqtt://127.0.0.1:${broker.ports.tcp}`;
  });
  after(async () => {
    await broker.stop();
  });

  it("demo --url runs the whole tour against the given broker (no embedded broker)", async () => {
    const run = await runCli(["demo", "--url", url, "--client-id", "cli-demo-url"]);
    assertDemoTranscript(run);
    assert.doesNotMatch(run.stdout, /embedded broker/);
    assert.match(run.stdout, new RegExp(`connecting to ${url} as "cli-demo-url"`));
    assert.match(broker.logText(), /New client connected .* as cli-demo-url/);
  });

  it("demo uses MQTT_URL when no --url is given", async () => {
    const run = await runCli(["demo", "--client-id", "cli-demo-env"], { env: { MQTT_URL: url } });
    assertDemoTranscript(run);
    assert.doesNotMatch(run.stdout, /embedded broker/);
    assert.match(broker.logText(), /as cli-demo-env/);
  });

  it("sub --count 1 receives what pub sends (QoS 1), then both exit 0", async () => {
    const topic = `cli/roundtrip/${process.pid}`;
    const sub = startCli(["sub", topic, "--url", url, "--qos", "1", "--count", "1", "--timeout", "30"]);
    await sub.waitForStdout(/^< SUBACK \{ reasonCodes: \[GrantedQoS1 \(0x01\)\] \}$/m);
    const pub = await runCli(["pub", topic, "round trip ✓", "--url", url, "--qos", "1"]);
    assertExit(pub, 0);
    assert.match(pub.stdout, /^> PUBLISH \{ topicName: "cli\/roundtrip\/\d+", qos: AtLeastOnce \(1\)/m);
    assert.match(pub.stdout, /^< PUBACK \{ reasonCode: Success \(0x00\) \}$/m);
    const received = await sub.result;
    assertExit(received, 0);
    const messages = lines(received.stdout, /^event messageReceived /);
    assert.equal(messages.length, 1, received.stdout);
    assert.match(messages[0] ?? "", /topicName: "cli\/roundtrip\/\d+", qos: AtLeastOnce \(1\), retain: false, payload: "round trip ✓" \(14 bytes\)/);
    assert.match(received.stdout, /^event stopped$/m);
  });

  it("pub --repeat 3 --qos 2 waits for a PUBCOMP each time; --retain reaches a later subscriber", async () => {
    const topic = `cli/retained/${process.pid}`;
    const pub = await runCli(["pub", topic, "kept", "--url", url, "--qos", "2", "--repeat", "3", "--retain"]);
    assertExit(pub, 0);
    assert.equal(lines(pub.stdout, /^< PUBCOMP \{ reasonCode: Success \(0x00\) \}$/).length, 3, pub.stdout);
    const sub = await runCli(["sub", topic, "--url", url, "--count", "1", "--timeout", "20"]);
    assertExit(sub, 0);
    assert.match(sub.stdout, /^event messageReceived PUBLISH \{ topicName: "cli\/retained\/\d+", qos: AtMostOnce \(0\), retain: true, payload: "kept"/m);
  });

  it("sub --timeout exits 1 when the messages do not come", async () => {
    const run = await runCli(["sub", `cli/silent/${process.pid}`, "--url", url, "--count", "1", "--timeout", "0.5"]);
    assertExit(run, 1);
    assert.match(run.stderr, /waiting for 1 message\(s\) timed out after 0\.5 s/);
    assert.match(run.stdout, /^event stopped$/m);
  });

  it("sub without --count stops gracefully on SIGINT and exits 0", async () => {
    const sub = startCli(["sub", `cli/interrupt/${process.pid}`, "--url", url]);
    await sub.waitForStdout(/^< SUBACK/m);
    sub.child.kill("SIGINT");
    const run = await sub.result;
    assertExit(run, 0);
    assert.match(run.stdout, /^event disconnection .*USER_REQUESTED_STOP/m);
    assert.match(run.stdout, /^event stopped$/m);
  });

  it("logs in with --username/--password and never prints the password", async () => {
    const { username, password } = broker.auth;
    const run = await runCli([
      "pub", "test/cli/auth", "hi", "--url", `mqtt://127.0.0.1:${broker.ports.auth}`,
      "--username", username, "--password", password, "--qos", "1", "--log-level", "trace",
    ]);
    assertExit(run, 0);
    assert.match(run.stdout, new RegExp(`username "${username}"`));
    assert.ok(!`${run.stdout}${run.stderr}`.includes(password), `password printed:\n${describeRun(run)}`);
    assert.ok(run.stderr.length > 0, "trace logging should have written something");
  });

  it("a wrong password (also from the URL) reports the refusing CONNACK, exits 1 and is not printed", async () => {
    const secret = "not-the-password-1234";
    const run = await runCli([
      "pub", "test/cli/auth", "hi", "--url", `mqtt://${broker.auth.username}:${secret}@127.0.0.1:${broker.ports.auth}`,
      "--connect-attempts", "1", "--log-level", "trace",
    ]);
    assertExit(run, 1);
    assert.match(run.stdout, /^event connectionFailure .*CONNACK \{ reasonCode: (BadUsernameOrPassword \(0x86\)|NotAuthorized \(0x87\))/m);
    assert.match(run.stderr, /could not connect .*\(1 attempt\(s\)\)/);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(secret), `password printed:\n${describeRun(run)}`);
  });

  it("mqtts with --ca verifies the server; --cert/--key do mutual TLS", async () => {
    const { ca, client } = broker.certs;
    const tls = await runCli(["pub", "cli/tls", "over TLS", "--url", `mqtts://localhost:${broker.ports.tls}`, "--ca", ca.certPath, "--qos", "1"]);
    assertExit(tls, 0);
    assert.match(tls.stdout, /^< PUBACK \{ reasonCode: (Success \(0x00\)|NoMatchingSubscribers \(0x10\)) \}$/m);
    const mtls = await runCli([
      "pub", "cli/mtls", "over mutual TLS", "--url", `mqtts://localhost:${broker.ports.mtls}`,
      "--ca", ca.certPath, "--cert", client.certPath, "--key", client.keyPath, "--qos", "1",
    ]);
    assertExit(mtls, 0);
    assert.match(mtls.stdout, /^< PUBACK \{ reasonCode: (Success \(0x00\)|NoMatchingSubscribers \(0x10\)) \}$/m);
    const untrusted = await runCli(["pub", "cli/tls", "x", "--url", `mqtts://localhost:${broker.ports.tls}`, "--connect-attempts", "1"]);
    assertExit(untrusted, 1);
    assert.match(untrusted.stdout, /^event connectionFailure .*TLS/m);
  });

  it("a missing --ca file is a failure (exit 1) that names the file", async () => {
    const run = await runCli(["pub", "t", "m", "--url", `mqtts://localhost:${broker.ports.tls}`, "--ca", "/nonexistent/ca.pem"]);
    assertExit(run, 1);
    assert.match(run.stderr, /cannot read the --ca file \/nonexistent\/ca\.pem \(ENOENT\)/);
  });
});

describe("mqtt5 CLI: refused connection", () => {
  it("reports each connectionFailure and gives up after --connect-attempts with exit 1", async () => {
    const port = await freePort();
    const run = await runCli(["pub", "t", "m", "--url", `mqtt://127.0.0.1:${port}`, "--connect-attempts", "2"], { timeoutMs: 30_000 });
    assertExit(run, 1);
    assert.equal(lines(run.stdout, /^event attemptingConnect$/).length, 2, run.stdout);
    const failures = lines(run.stdout, /^event connectionFailure /);
    assert.equal(failures.length, 2, run.stdout);
    for (const failure of failures) assert.match(failure, /AWS_IO_SOCKET_CONNECTION_REFUSED/);
    assert.match(run.stdout, /^event stopped$/m);
    assert.match(run.stderr, new RegExp(`could not connect to mqtt://127\\.0\\.0\\.1:${port} \\(2 attempt\\(s\\)\\)`));
  });

  it("the demo gives up the same way (default 3 attempts)", async () => {
    const port = await freePort();
    const run = await runCli(["demo", "--url", `mqtt://127.0.0.1:${port}`], { timeoutMs: 30_000 });
    assertExit(run, 1);
    assert.equal(lines(run.stdout, /^event connectionFailure /).length, 3, run.stdout);
    assert.doesNotMatch(run.stdout, /demo: ok/);
  });

  it("Ctrl-C while retrying forever (--connect-attempts 0) stops the client and exits 130", async () => {
    const port = await freePort();
    const cli = startCli(["pub", "t", "m", "--url", `mqtt://127.0.0.1:${port}`, "--connect-attempts", "0"], { timeoutMs: 30_000 });
    await cli.waitForStdout(/^event connectionFailure /m);
    cli.child.kill("SIGINT");
    const run = await cli.result;
    assertExit(run, 130);
    assert.match(run.stdout, /^event stopped$/m);
    assert.match(run.stderr, /^mqtt5: interrupted$/m);
  });
});
