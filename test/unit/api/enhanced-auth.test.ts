// Enhanced authentication end to end through the public API: Mqtt5Client with `enhancedAuthentication`, the real
// core and driver, a memory transport and a scripted broker speaking SCRAM-SHA-256 (scram.ts). Covers the
// CONNECT exchange, refusals (CONNACK 0x87 / 0x8C), callback failures, per-attempt data, re-authentication
// success and failure, and that no secret reaches a log line or an error message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Mqtt5Client } from "../../../src/api/mqtt5-client.js";
import type { Mqtt5ClientConfig } from "../../../src/api/config.js";
import type { ConnectionFailureEvent, DisconnectionEvent } from "../../../src/api/events.js";
import type { EnhancedAuthenticationConfig } from "../../../src/api/enhanced-authentication.js";
import { ConnectionError, MqttClientError, ValidationError } from "../../../src/core/errors.js";
import { AuthReasonCode, ConnectReasonCode, DisconnectReasonCode, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { AuthPacket, ConnectPacket } from "../../../src/core/model/packet.js";
import type { Logger, LogLevel } from "../../../src/runtime/logger.js";
import { MemoryTransportFactory } from "../../support/memory-transport.js";
import { ScriptedServer } from "./scripted-server.js";
import { SCRAM_METHOD, ScramClient, ScramServer } from "./scram.js";

const PASSWORD = "correct horse battery staple";
/** A promise that never settles fails the test instead of hanging the run. */
const LIMIT = { timeout: 10_000 };

class RecordingLogger implements Logger {
  readonly level = "trace" as const;
  readonly lines: string[] = [];
  log(_level: LogLevel, message: string): void {
    this.lines.push(message);
  }
}

interface Setup {
  client: Mqtt5Client;
  transports: MemoryTransportFactory;
  logger: RecordingLogger;
}

function newClient(t: { after(fn: () => void): void }, auth: EnhancedAuthenticationConfig | undefined, extra: Partial<Mqtt5ClientConfig> = {}): Setup {
  const transports = new MemoryTransportFactory();
  const logger = new RecordingLogger();
  const client = new Mqtt5Client({
    hostName: "broker.test",
    port: 1883,
    transportFactory: transports.factory,
    logger,
    connectProperties: { keepAliveIntervalSeconds: 0, clientId: "c1" },
    minReconnectDelayMs: 10,
    maxReconnectDelayMs: 10,
    ...(auth === undefined ? {} : { enhancedAuthentication: auth }),
    ...extra,
  });
  t.after(() => client.close());
  return { client, transports, logger };
}

/** The broker side of one SCRAM exchange inside the CONNECT handshake. */
async function serveScramConnect(server: ScriptedServer, scram: ScramServer, refusal?: ConnectReasonCode): Promise<ConnectPacket> {
  const connect = (await server.next(PacketType.Connect)) as ConnectPacket;
  assert.equal(connect.authenticationMethod, SCRAM_METHOD);
  server.send({ type: PacketType.Auth, reasonCode: AuthReasonCode.ContinueAuthentication, authenticationMethod: SCRAM_METHOD, authenticationData: scram.challenge(connect.authenticationData) });
  const reply = (await server.next(PacketType.Auth)) as AuthPacket;
  assert.equal(reply.reasonCode, AuthReasonCode.ContinueAuthentication, "[MQTT-4.12.0-3]");
  assert.equal(reply.authenticationMethod, SCRAM_METHOD, "[MQTT-4.12.0-5]");
  const serverFinal = scram.verify(reply.authenticationData);
  if (serverFinal === undefined || refusal !== undefined) {
    server.send({ type: PacketType.Connack, sessionPresent: false, reasonCode: refusal ?? ConnectReasonCode.NotAuthorized });
  } else {
    server.send({ type: PacketType.Connack, sessionPresent: false, reasonCode: 0, authenticationMethod: SCRAM_METHOD, authenticationData: serverFinal });
  }
  return connect;
}

async function connectedWithScram(t: { after(fn: () => void): void }) {
  const scram = new ScramClient("user", PASSWORD);
  const setup = newClient(t, scram);
  const success = once(setup.client, "connectionSuccess");
  setup.client.start();
  const server = new ScriptedServer(await setup.transports.server(0));
  const scramServer = new ScramServer(PASSWORD);
  const connect = await serveScramConnect(server, scramServer);
  await success;
  return { ...setup, scram, server, scramServer, connect };
}

/** No log line and no error message may contain these (secrets of the exchange). */
function assertNoSecrets(texts: string[], secrets: string[]): void {
  for (const text of texts) for (const secret of secrets) assert.ok(secret.length > 0 && !text.includes(secret), `a secret leaked into: ${text}`);
}

test("SCRAM-SHA-256 over CONNECT + AUTH: the client proves the password and verifies the server's signature", LIMIT, async (t) => {
  const { client, scram, connect, logger } = await connectedWithScram(t);
  assert.equal(client.isConnected(), true);
  assert.match(new TextDecoder().decode(connect.authenticationData), /^n,,n=user,r=/);
  assert.deepEqual(scram.contexts.map((c) => [c.callback, c.context.reauthentication, c.context.authenticationMethod]), [
    ["authenticationData", false, SCRAM_METHOD],
    ["onChallenge", false, SCRAM_METHOD],
    ["onSuccess", false, SCRAM_METHOD],
  ]);
  assertNoSecrets(logger.lines, [PASSWORD, scram.lastProof]);
  assert.ok(logger.lines.some((line) => line.includes("enhanced authentication")), "the exchange is logged (without data)");
});

test("a wrong password: CONNACK 0x87 → connectionFailure with an authenticationFailed ConnectionError; 0x8C alike", LIMIT, async (t) => {
  for (const [password, refusal] of [["wrong", undefined], [PASSWORD, ConnectReasonCode.BadAuthenticationMethod]] as const) {
    const scram = new ScramClient("user", password);
    const { client, transports, logger } = newClient(t, scram);
    const failure = once(client, "connectionFailure");
    client.start();
    const server = new ScriptedServer(await transports.server(0));
    await serveScramConnect(server, new ScramServer(PASSWORD), refusal);
    const [event] = (await failure) as [ConnectionFailureEvent];
    const expected = refusal ?? ConnectReasonCode.NotAuthorized;
    assert.ok(event.error instanceof ConnectionError);
    assert.equal(event.error.code, "authenticationFailed");
    assert.equal(event.error.reasonCode, expected);
    assert.equal(event.error.error_name, "AWS_ERROR_MQTT5_CONNACK_CONNECTION_REFUSED");
    assert.equal(event.connack?.reasonCode, expected);
    assert.equal(client.isConnected(), false);
    assert.ok(!scram.contexts.some((c) => c.callback === "onSuccess"));
    assertNoSecrets([...logger.lines, event.error.message], [password, scram.lastProof]);
    client.stop();
  }
});

test("a server whose signature does not verify: onSuccess throws → DISCONNECT 0x80, disconnection with the callback failure", LIMIT, async (t) => {
  const scram = new ScramClient("user", PASSWORD);
  const { client, transports, logger } = newClient(t, scram);
  const disconnection = once(client, "disconnection");
  client.start();
  const server = new ScriptedServer(await transports.server(0));
  const connect = (await server.next(PacketType.Connect)) as ConnectPacket;
  const impostor = new ScramServer("not the password");
  server.send({ type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: SCRAM_METHOD, authenticationData: impostor.challenge(connect.authenticationData) });
  await server.next(PacketType.Auth);
  server.send({ type: PacketType.Connack, sessionPresent: false, reasonCode: 0, authenticationMethod: SCRAM_METHOD, authenticationData: new TextEncoder().encode("v=Zm9yZ2Vk") });
  const [event] = (await disconnection) as [DisconnectionEvent];
  assert.ok(event.error instanceof ConnectionError);
  assert.equal(event.error.code, "authenticationCallbackFailed");
  assert.match(String((event.error as { cause?: Error }).cause?.message), /server signature mismatch/);
  const disconnect = await server.next(PacketType.Disconnect);
  assert.ok(disconnect.type === PacketType.Disconnect && disconnect.reasonCode === DisconnectReasonCode.UnspecifiedError);
  // The callback's own message quoted the expected signature: it stays in `cause`, out of messages and logs.
  assertNoSecrets([...logger.lines, event.error.message], [PASSWORD, scram.lastProof, "expected v="]);
});

test("onChallenge throws (or returns a non-binary value) → the attempt fails with a typed error, DISCONNECT 0x80 first", LIMIT, async (t) => {
  const cases: { name: string; onChallenge: EnhancedAuthenticationConfig["onChallenge"]; check: (error: MqttClientError) => void }[] = [
    {
      name: "throws",
      onChallenge: () => {
        throw new Error("token=s3cr3t-token is expired");
      },
      check: (error) => assert.ok(error instanceof ConnectionError && error.code === "authenticationCallbackFailed" && error.message.includes("onChallenge")),
    },
    {
      name: "rejects",
      onChallenge: () => Promise.reject(new Error("token=s3cr3t-token")),
      check: (error) => assert.equal(error.code, "authenticationCallbackFailed"),
    },
    {
      name: "returns a number",
      onChallenge: () => 42 as unknown as string,
      check: (error) => assert.ok(error instanceof ValidationError && error.field === "authenticationData"),
    },
  ];
  for (const { name, onChallenge, check } of cases) {
    const { client, transports, logger } = newClient(t, { authenticationMethod: "TOKEN", authenticationData: "s3cr3t-token", onChallenge });
    const failure = once(client, "connectionFailure");
    client.start();
    const server = new ScriptedServer(await transports.server(0));
    const connect = (await server.next(PacketType.Connect)) as ConnectPacket;
    assert.equal(new TextDecoder().decode(connect.authenticationData), "s3cr3t-token", "a static value is sent as UTF-8");
    server.send({ type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: "TOKEN" });
    const [event] = (await failure) as [ConnectionFailureEvent];
    check(event.error as MqttClientError);
    const disconnect = await server.next(PacketType.Disconnect);
    assert.equal((disconnect as { reasonCode: number }).reasonCode, 0x80, name);
    assertNoSecrets([...logger.lines, event.error instanceof Error ? event.error.message : ""], ["s3cr3t-token"]);
    client.stop();
  }
});

test("the authenticationData function runs once per attempt: each CONNECT carries a fresh nonce", LIMIT, async (t) => {
  const scram = new ScramClient("user", PASSWORD);
  const { client, transports } = newClient(t, scram);
  const failure = once(client, "connectionFailure");
  client.start();
  const first = new ScriptedServer(await transports.server(0));
  const connect1 = (await first.next(PacketType.Connect)) as ConnectPacket;
  first.end.close(); // the first attempt dies before any answer
  await failure;
  const success = once(client, "connectionSuccess");
  const second = new ScriptedServer(await transports.server(1));
  const connect2 = await serveScramConnect(second, new ScramServer(PASSWORD));
  await success;
  assert.equal(scram.nonces.length, 2);
  assert.notEqual(new TextDecoder().decode(connect1.authenticationData), new TextDecoder().decode(connect2.authenticationData));
});

test("reauthenticate(): AUTH 0x19 with a fresh client-first, a challenge round, AUTH 0x00 resolves it; traffic continues", LIMIT, async (t) => {
  const { client, scram, server } = await connectedWithScram(t);
  const scramServer = new ScramServer(PASSWORD);
  const result = client.reauthenticate({ userProperties: [{ name: "why", value: "rotation" }] });
  const start = (await server.next(PacketType.Auth)) as AuthPacket;
  assert.equal(start.reasonCode, AuthReasonCode.ReAuthenticate, "[MQTT-4.12.1-1]");
  assert.equal(start.authenticationMethod, SCRAM_METHOD);
  assert.deepEqual(start.userProperties, [{ name: "why", value: "rotation" }]);

  const published = client.publish({ topicName: "during/reauth", qos: QoS.AtLeastOnce, payload: "x" });
  const publish = await server.next(PacketType.Publish);
  server.send({ type: PacketType.Puback, packetId: (publish as { packetId: number }).packetId, reasonCode: 0 });
  assert.equal((await published)?.reasonCode, 0, "normal traffic flows during re-authentication");

  server.send({ type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: SCRAM_METHOD, authenticationData: scramServer.challenge(start.authenticationData) });
  const reply = (await server.next(PacketType.Auth)) as AuthPacket;
  assert.equal(reply.reasonCode, AuthReasonCode.ContinueAuthentication);
  const serverFinal = scramServer.verify(reply.authenticationData);
  assert.ok(serverFinal !== undefined, "the re-authentication proof verifies");
  server.send({ type: PacketType.Auth, reasonCode: AuthReasonCode.Success, authenticationMethod: SCRAM_METHOD, authenticationData: serverFinal, reasonString: "welcome back" });
  const auth = await result;
  assert.equal(auth.type, PacketType.Auth);
  assert.equal(auth.reasonCode, AuthReasonCode.Success);
  assert.equal(auth.reasonString, "welcome back");
  assert.ok(auth.authenticationData instanceof ArrayBuffer);
  assert.deepEqual(auth.userProperties, []);
  assert.deepEqual(scram.contexts.slice(3).map((c) => [c.callback, c.context.reauthentication]), [
    ["authenticationData", true],
    ["onChallenge", true],
    ["onSuccess", true],
  ]);
  assert.equal(client.isConnected(), true);
});

test("reauthenticate() refused by the server's DISCONNECT 0x87 → rejects with authenticationFailed; the connection closes", LIMIT, async (t) => {
  const { client, server } = await connectedWithScram(t);
  const disconnection = once(client, "disconnection");
  const result = client.reauthenticate({ authenticationData: new Uint8Array([1, 2, 3]) });
  const start = (await server.next(PacketType.Auth)) as AuthPacket;
  assert.deepEqual([...(start.authenticationData ?? [])], [1, 2, 3], "explicit data replaces the configured function");
  server.send({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NotAuthorized, reasonString: "credentials revoked" });
  await assert.rejects(result, (error: unknown) => {
    assert.ok(error instanceof ConnectionError);
    assert.equal(error.code, "authenticationFailed");
    assert.equal(error.reasonCode, DisconnectReasonCode.NotAuthorized);
    assert.match(error.message, /credentials revoked/);
    return true;
  });
  const [event] = (await disconnection) as [DisconnectionEvent];
  assert.equal(event.disconnect?.reasonCode, DisconnectReasonCode.NotAuthorized);
  assert.equal(client.isConnected(), false);
});

test("reauthenticate() rejections: not configured, not connected, one already running, invalid options, close()", LIMIT, async (t) => {
  const plain = newClient(t, undefined);
  await assert.rejects(plain.client.reauthenticate(), (error: unknown) => error instanceof ValidationError && error.field === "enhancedAuthentication");

  const idle = newClient(t, new ScramClient("user", PASSWORD));
  await assert.rejects(idle.client.reauthenticate(), (error: unknown) => error instanceof ConnectionError && error.code === "notConnected");

  const { client, server } = await connectedWithScram(t);
  await assert.rejects(client.reauthenticate({ reasonString: "\u0000" }), ValidationError);
  const first = client.reauthenticate();
  await server.next(PacketType.Auth);
  await assert.rejects(client.reauthenticate(), (error: unknown) => error instanceof MqttClientError && error.code === "reauthenticationInProgress");
  client.close();
  await assert.rejects(first, (error: unknown) => error instanceof MqttClientError && error.code === "clientClosed");
  await assert.rejects(client.reauthenticate(), (error: unknown) => error instanceof MqttClientError && error.code === "clientClosed");

  // The authenticator is made on first use: first used after close(), it is closed as well.
  const closedFirst = newClient(t, new ScramClient("user", PASSWORD));
  closedFirst.client.close();
  await assert.rejects(closedFirst.client.reauthenticate(), (error: unknown) => error instanceof MqttClientError && error.code === "clientClosed");
});

test("enhancedAuthentication is validated by the constructor, naming the field", () => {
  const base = { hostName: "h", port: 1883, transportFactory: new MemoryTransportFactory().factory };
  const onChallenge = (): undefined => undefined;
  const cases: [unknown, string][] = [
    [null, "enhancedAuthentication"],
    [{ onChallenge }, "enhancedAuthentication.authenticationMethod"],
    [{ authenticationMethod: "", onChallenge }, "enhancedAuthentication.authenticationMethod"],
    [{ authenticationMethod: "M" }, "enhancedAuthentication.onChallenge"],
    [{ authenticationMethod: "M", onChallenge, onSuccess: 1 }, "enhancedAuthentication.onSuccess"],
    [{ authenticationMethod: "M", onChallenge, authenticationData: 7 }, "enhancedAuthentication.authenticationData"],
    [{ authenticationMethod: "M", onChallenge, authenticationData: new Uint8Array(65_536) }, "enhancedAuthentication.authenticationData"],
  ];
  for (const [enhancedAuthentication, field] of cases) {
    assert.throws(
      () => new Mqtt5Client({ ...base, enhancedAuthentication } as unknown as Mqtt5ClientConfig),
      (error: unknown) => error instanceof ValidationError && error.field === field,
      field,
    );
  }
  new Mqtt5Client({ ...base, enhancedAuthentication: { authenticationMethod: "M", authenticationData: new Uint8Array(65_535), onChallenge } }).close();
});
