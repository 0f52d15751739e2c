// The positive TLS matrix against a real Mosquitto, through the public API exactly as aws-crt users write it
// (`tlsCtx: new io.ClientTlsContext(io.TlsContextOptions.create_…(…))`): server-authenticated TLS, mutual TLS with
// PEM from files and from memory, and PKCS#12. Each does a QoS 1 round trip, survives a broker restart (a new
// TLS connection from the same context) and does another round trip.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { io } from "../../src/index.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { makeClient, qos1RoundTrip, reconnectAfterBrokerRestart, startAndConnect, stopClient } from "./tls-helpers.js";

let broker: MosquittoBroker;
before(async () => {
  broker = await startMosquitto({ logTypes: ["error", "warning", "notice", "information"] });
});
after(async () => {
  await broker.stop();
});

interface Case {
  readonly name: string;
  readonly listener: "tls" | "mtls";
  readonly options: () => io.TlsContextOptions;
  /** Mosquitto's log line proving who connected (mtls: the certificate's CN is the username). */
  readonly logPattern?: RegExp;
}

const certs = () => broker.certs;

const CASES: readonly Case[] = [
  {
    name: "TLS with the CA from a file (override_default_trust_store_from_path)",
    listener: "tls",
    options: () => {
      const options = new io.TlsContextOptions();
      options.override_default_trust_store_from_path(undefined, certs().ca.certPath);
      return options;
    },
  },
  {
    name: "mutual TLS, certificate and key from files (create_client_with_mtls_from_path)",
    listener: "mtls",
    options: () => {
      const options = io.TlsContextOptions.create_client_with_mtls_from_path(certs().client.certPath, certs().client.keyPath);
      options.override_default_trust_store_from_path(undefined, certs().ca.certPath);
      return options;
    },
    logPattern: /u'mqtt5-test-client'/,
  },
  {
    name: "mutual TLS, certificate and key from memory (create_client_with_mtls)",
    listener: "mtls",
    options: () => {
      const options = io.TlsContextOptions.create_client_with_mtls(certs().client.cert.toString(), certs().client.key.toString());
      options.override_default_trust_store(certs().ca.cert.toString());
      return options;
    },
    logPattern: /u'mqtt5-test-client'/,
  },
  {
    name: "mutual TLS from a PKCS#12 file (create_client_with_mtls_pkcs12_from_path)",
    listener: "mtls",
    options: () => {
      const options = io.TlsContextOptions.create_client_with_mtls_pkcs12_from_path(certs().clientPkcs12.path, certs().clientPkcs12.passphrase);
      options.override_default_trust_store_from_path(undefined, certs().ca.certPath);
      return options;
    },
    logPattern: /u'mqtt5-test-client'/,
  },
];

for (const testCase of CASES) {
  test(`${testCase.name}: QoS 1 round trip, broker restart, round trip again`, { timeout: 30_000 }, async (t) => {
    await dumpLogOnFailure(t, broker, async () => {
      const logStart = broker.logText().length;
      const client = makeClient(t, {
        hostName: "localhost",
        port: broker.ports[testCase.listener],
        tlsCtx: new io.ClientTlsContext(testCase.options()),
      });
      await startAndConnect(client);
      await qos1RoundTrip(client, testCase.listener);
      if (testCase.logPattern !== undefined) await broker.waitForLog(testCase.logPattern, 5_000, logStart);
      await reconnectAfterBrokerRestart(client, broker, testCase.listener);
      await stopClient(client);
    });
  });
}

test("TLS over an IP address: no SNI, the IP is checked against the certificate's IP SANs", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const options = new io.TlsContextOptions();
    options.override_default_trust_store(readFileSync(broker.certs.ca.certPath, "utf8"));
    const client = makeClient(t, { hostName: "127.0.0.1", port: broker.ports.tls, tlsCtx: new io.ClientTlsContext(options) });
    await startAndConnect(client);
    await qos1RoundTrip(client, "ip");
    await stopClient(client);
  });
});

test("min_tls_version TLSv1_3 and a CA folder (ca_dirpath) connect; SocketOptions are honoured", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const options = io.TlsContextOptions.create_client_with_mtls_from_path(broker.certs.client.certPath, broker.certs.client.keyPath);
    options.min_tls_version = io.TlsVersion.TLSv1_3;
    options.ca_dirpath = broker.certs.dir; // the folder holds every test certificate, the CA among them
    const client = makeClient(t, {
      hostName: "localhost",
      port: broker.ports.mtls,
      tlsCtx: new io.ClientTlsContext(options),
      socketOptions: new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 3_000, true, 30),
    });
    await startAndConnect(client);
    await qos1RoundTrip(client, "tls13");
    await stopClient(client);
  });
});

test("verify_peer = false connects without trusting the broker's CA (tests only)", { timeout: 20_000 }, async (t) => {
  const options = new io.TlsContextOptions();
  options.verify_peer = false;
  const client = makeClient(t, { hostName: "localhost", port: broker.ports.tls, tlsCtx: new io.ClientTlsContext(options) });
  await startAndConnect(client);
  await qos1RoundTrip(client, "noverify");
  await stopClient(client);
  assert.equal(options.verify_peer, false);
});
