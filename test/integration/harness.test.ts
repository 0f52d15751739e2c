// Checks the Mosquitto test harness itself: every listener accepts what it should and refuses what it
// should, and the broker's lifecycle (stop / restart / kill) leaves no process behind. MQTT bytes are made
// by hand here on purpose, so this file does not depend on the codec under test.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TLSSocket } from "node:tls";
import { isPidAlive } from "../support/process.js";
import { DENIED_TOPIC_PREFIX, dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { openRawTcp, openRawTls, openRawToBroker, openRawWebSocket, type RawConnection } from "../support/raw-connections.js";

const utf8 = (text: string): number[] => {
  const bytes = [...new TextEncoder().encode(text)];
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
};

function withFixedHeader(firstByte: number, body: number[]): Uint8Array {
  const remaining: number[] = [];
  let length = body.length;
  do {
    const digit = length % 128;
    length = Math.floor(length / 128);
    remaining.push(length > 0 ? digit | 0x80 : digit);
  } while (length > 0);
  return new Uint8Array([firstByte, ...remaining, ...body]);
}

/** MQTT 5 CONNECT, Clean Start, keep alive 30 s, no properties. */
function connectBytes(clientId: string, credentials?: { username: string; password: string }): Uint8Array {
  const flags = 0x02 | (credentials ? 0xc0 : 0);
  const credentialBytes = credentials ? [...utf8(credentials.username), ...utf8(credentials.password)] : [];
  return withFixedHeader(0x10, [...utf8("MQTT"), 5, flags, 0, 30, 0, ...utf8(clientId), ...credentialBytes]);
}

function publishQos1Bytes(topic: string, packetId: number): Uint8Array {
  return withFixedHeader(0x32, [...utf8(topic), packetId >> 8, packetId & 0xff, 0, 0x68, 0x69]);
}

const DISCONNECT = new Uint8Array([0xe0, 0x00]);

/** Sends CONNECT and returns the CONNACK reason code. */
async function connackReasonCode(connection: RawConnection, clientId: string, credentials?: { username: string; password: string }): Promise<number> {
  connection.write(connectBytes(clientId, credentials));
  const frame = await connection.readMqttFrame();
  assert.equal(frame.fixedHeaderByte, 0x20, "expected a CONNACK");
  const reasonCode = frame.body[1];
  assert.ok(reasonCode !== undefined, "CONNACK without a reason code");
  return reasonCode;
}

/** Expects the broker to drop the connection before (or instead of) answering a CONNECT. */
async function assertRefusedWithoutConnack(open: () => Promise<RawConnection>): Promise<void> {
  let connection: RawConnection;
  try {
    connection = await open();
  } catch {
    return; // refused during the handshake (TLS 1.2 style)
  }
  try {
    connection.write(connectBytes("should-be-refused"));
    await assert.rejects(connection.readMqttFrame(), /connection closed/);
  } finally {
    connection.close();
  }
}

describe("Mosquitto harness: listeners", () => {
  let broker: MosquittoBroker;
  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker.stop();
  });

  it("tcp: accepts an MQTT 5 CONNECT", async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const connection = await openRawTcp({ port: broker.ports.tcp });
      assert.equal(await connackReasonCode(connection, "harness-tcp"), 0x00);
      connection.write(DISCONNECT);
      await connection.waitForClose();
    });
  });

  it("tls: handshake verifies the server against the test CA with servername localhost", async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const connection = await openRawToBroker(broker, "tls");
      const socket = connection.socket as TLSSocket;
      assert.equal(socket.authorized, true);
      assert.equal(await connackReasonCode(connection, "harness-tls"), 0x00);
      connection.close();
    });
  });

  it("tls: the server certificate is also valid for the IP 127.0.0.1", async () => {
    const connection = await openRawTls({ port: broker.ports.tls, tls: { ca: broker.certs.ca.cert, servername: "" } });
    assert.equal((connection.socket as TLSSocket).authorized, true);
    connection.close();
  });

  it("tls: a client trusting another CA rejects the server", async () => {
    await assert.rejects(
      openRawTls({ port: broker.ports.tls, tls: { ca: broker.certs.untrustedCa.cert } }),
      (error: NodeJS.ErrnoException) => error.code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" || /certificate/i.test(error.message),
    );
  });

  it("mtls: accepts the test client certificate and uses its CN as the username", async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const connection = await openRawToBroker(broker, "mtls");
      assert.equal(await connackReasonCode(connection, "harness-mtls"), 0x00);
      await broker.waitForLog(new RegExp(`as harness-mtls .*u'${broker.certs.client.commonName}'`));
      connection.close();
    });
  });

  it("mtls: accepts the client certificate from the PKCS#12 bundle", async () => {
    const { pfx, passphrase } = broker.certs.clientPkcs12;
    const connection = await openRawTls({ port: broker.ports.mtls, tls: { ca: broker.certs.ca.cert, pfx, passphrase } });
    assert.equal(await connackReasonCode(connection, "harness-p12"), 0x00);
    connection.close();
  });

  it("mtls: drops a client without a certificate", async () => {
    await assertRefusedWithoutConnack(() => openRawTls({ port: broker.ports.mtls, tls: { ca: broker.certs.ca.cert } }));
  });

  it("mtls: drops clients with an untrusted or an expired certificate", async () => {
    for (const pair of [broker.certs.untrustedClient, broker.certs.expiredClient]) {
      await assertRefusedWithoutConnack(() =>
        openRawTls({ port: broker.ports.mtls, tls: { ca: broker.certs.ca.cert, cert: pair.cert, key: pair.key } }),
      );
    }
  });

  it("ws: upgrades /mqtt with sub-protocol mqtt and carries MQTT", async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const connection = await openRawWebSocket({ port: broker.ports.ws });
      assert.match(connection.upgradeResponse.statusLine, /^HTTP\/1\.1 101/);
      assert.equal(connection.upgradeResponse.headers.get("sec-websocket-protocol"), "mqtt");
      assert.equal(await connackReasonCode(connection, "harness-ws"), 0x00);
      connection.close();
    });
  });

  it("wss: upgrades over TLS and carries MQTT", async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const connection = await openRawToBroker(broker, "wss");
      assert.equal(await connackReasonCode(connection, "harness-wss"), 0x00);
      connection.close();
    });
  });

  it("auth: right password is accepted, wrong password and anonymous get 0x87", async () => {
    const cases = [
      { credentials: broker.auth, expected: 0x00 },
      { credentials: { username: broker.auth.username, password: "wrong" }, expected: 0x87 },
      { credentials: undefined, expected: 0x87 },
    ];
    for (const { credentials, expected } of cases) {
      const connection = await openRawToBroker(broker, "auth");
      assert.equal(await connackReasonCode(connection, "harness-auth", credentials), expected);
      connection.close();
    }
  });

  it("auth: the ACL allows test/# and denies the denied subtree (QoS 1 PUBACK codes)", async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const connection = await openRawToBroker(broker, "auth");
      assert.equal(await connackReasonCode(connection, "harness-acl", broker.auth), 0x00);
      const pubackReason = async (topic: string, packetId: number): Promise<number> => {
        connection.write(publishQos1Bytes(topic, packetId));
        const frame = await connection.readMqttFrame();
        assert.equal(frame.fixedHeaderByte, 0x40, "expected a PUBACK");
        assert.equal((frame.body[0] ?? 0) * 256 + (frame.body[1] ?? 0), packetId);
        return frame.body.length > 2 ? (frame.body[2] ?? 0) : 0x00; // Remaining Length 2 means Success (reason code omitted)
      };
      assert.ok((await pubackReason("test/allowed", 1)) < 0x80, "publish to test/allowed must succeed");
      assert.equal(await pubackReason(`${DENIED_TOPIC_PREFIX}x`, 2), 0x87);
      assert.equal(await pubackReason("elsewhere/x", 3), 0x87);
      connection.close();
    });
  });
});

describe("Mosquitto harness: lifecycle", () => {
  let broker: MosquittoBroker;
  before(async () => {
    broker = await startMosquitto({ logTypes: ["error", "warning", "notice", "information"] });
  });
  after(async () => {
    await broker.stop();
  });

  it("restart() keeps the ports and starts a new process", async () => {
    const oldPid = broker.pid;
    const ports = { ...broker.ports };
    await broker.restart();
    assert.notEqual(broker.pid, oldPid);
    assert.equal(isPidAlive(oldPid), false);
    assert.deepEqual(broker.ports, ports);
    const connection = await openRawTcp({ port: ports.tcp });
    assert.equal(await connackReasonCode(connection, "after-restart"), 0x00);
    connection.close();
  });

  it("kill('SIGKILL') crashes the broker; restart() brings it back on the same ports", async () => {
    const connection = await openRawTcp({ port: broker.ports.tcp });
    assert.equal(await connackReasonCode(connection, "before-crash"), 0x00);
    broker.kill("SIGKILL");
    await connection.waitForClose();
    await broker.restart();
    const again = await openRawWebSocket({ port: broker.ports.ws });
    assert.equal(await connackReasonCode(again, "after-crash"), 0x00);
    again.close();
  });

  it("stop() leaves no process behind", async () => {
    const pid = broker.pid;
    assert.equal(isPidAlive(pid), true);
    await broker.stop();
    assert.equal(broker.isRunning(), false);
    assert.equal(isPidAlive(pid), false);
    await assert.rejects(openRawTcp({ port: broker.ports.tcp, timeoutMs: 2000 }));
    assert.match(broker.logText(), /mosquitto version [\d.]+ terminating/);
  });
});
