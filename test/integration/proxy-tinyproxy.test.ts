// The HTTP proxy matrix against real peers: tinyproxy without and with basic auth, and tinyproxy (basic auth)
// behind stunnel4 for TLS to the proxy; through each, MQTT over TCP, TLS, WebSocket and secure WebSocket to
// Mosquitto — a QoS 1 round trip, a broker restart, a reconnect (through the proxy again), another round trip.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { http, type mqtt5 } from "../../src/index.js";
import * as io from "../../src/io/index.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { startStunnel, type Stunnel } from "../support/stunnel.js";
import { PROXY_USER, startTinyproxy, type Tinyproxy } from "../support/tinyproxy.js";
import { newMatrixClient, roundTripAndReconnect } from "../support/transport-round-trip.js";

let broker: MosquittoBroker;
let openProxy: Tinyproxy;
let authProxy: Tinyproxy;
let tlsFront: Stunnel;
before(async () => {
  [broker, openProxy, authProxy] = await Promise.all([startMosquitto(), startTinyproxy(), startTinyproxy({ basicAuth: PROXY_USER })]);
  tlsFront = await startStunnel(authProxy.port);
});
after(async () => {
  await Promise.all([tlsFront.stop(), openProxy.stop(), authProxy.stop(), broker.stop()]);
});

type ProxyKind = "no auth" | "basic auth" | "TLS to the proxy, basic auth";
type TransportKind = "TCP" | "TLS" | "WebSocket" | "secure WebSocket";

function proxyOptions(kind: ProxyKind): http.HttpProxyOptions {
  const { Basic, None } = http.HttpProxyAuthenticationType;
  switch (kind) {
    case "no auth":
      return new http.HttpProxyOptions(openProxy.host, openProxy.port, None);
    case "basic auth":
      return new http.HttpProxyOptions(authProxy.host, authProxy.port, Basic, PROXY_USER.username, PROXY_USER.password);
    case "TLS to the proxy, basic auth": {
      // aws-crt's way: io.TlsConnectionOptions over an io.ClientTlsContext trusting the test CA.
      const trust = new io.TlsContextOptions();
      trust.override_default_trust_store(broker.certs.ca.cert.toString());
      const toProxy = new io.TlsConnectionOptions(new io.ClientTlsContext(trust));
      return new http.HttpProxyOptions(tlsFront.host, tlsFront.port, Basic, PROXY_USER.username, PROXY_USER.password, toProxy, http.HttpProxyConnectionType.Tunneling);
    }
  }
}

function transportConfig(kind: TransportKind): Partial<mqtt5.Mqtt5ClientConfig> & { hostName: string; port: number } {
  const tlsCtx = { ca: broker.certs.ca.cert };
  const websocketHandshakeTransform = (_request: http.HttpRequest, done: (errorCode?: number) => void): void => done();
  switch (kind) {
    case "TCP":
      return { hostName: broker.host, port: broker.ports.tcp };
    case "TLS":
      return { hostName: broker.host, port: broker.ports.tls, tlsCtx };
    case "WebSocket":
      return { hostName: broker.host, port: broker.ports.ws, websocketHandshakeTransform };
    case "secure WebSocket":
      return { hostName: broker.host, port: broker.ports.wss, tlsCtx, websocketHandshakeTransform };
  }
}

const PROXIES: readonly ProxyKind[] = ["no auth", "basic auth", "TLS to the proxy, basic auth"];
const TRANSPORTS: readonly TransportKind[] = ["TCP", "TLS", "WebSocket", "secure WebSocket"];

for (const proxyKind of PROXIES) {
  for (const transportKind of TRANSPORTS) {
    test(`${transportKind} through tinyproxy (${proxyKind}): QoS 1 round trip, reconnect, round trip`, { timeout: 30_000 }, async (t) => {
      await dumpLogOnFailure(t, broker, async () => {
        const client = newMatrixClient(t, { ...transportConfig(transportKind), httpProxyOptions: proxyOptions(proxyKind) });
        await roundTripAndReconnect(client, `${transportKind}-${proxyKind}`.replace(/\W+/g, "-"), () => broker.restart());
      });
    });
  }
}

test("the tunnel really goes through the proxy: tinyproxy logs each CONNECT to the broker's port", async () => {
  const log = `${openProxy.logText()}\n${authProxy.logText()}`;
  for (const port of [broker.ports.tcp, broker.ports.tls, broker.ports.ws, broker.ports.wss]) {
    assert.match(log, new RegExp(`CONNECT[^\\n]*:${port}\\b`), `no CONNECT to port ${port} in the proxy logs`);
  }
});
