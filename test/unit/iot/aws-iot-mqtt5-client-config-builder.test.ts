// AwsIotMqtt5ClientConfigBuilder without a network: what each factory sets up (port, ALPN, TLS, custom auth,
// transform), what each with… method writes, build()'s aws-crt semantics, and that Mqtt5Client accepts the result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { auth, http, io, iot, mqtt5 } from "../../../src/index.js";
import { ValidationError } from "../../../src/core/errors.js";
import { getTestCertificates } from "../../support/certificates.js";

const Builder = iot.AwsIotMqtt5ClientConfigBuilder;
const HOST = "abc123-ats.iot.eu-west-1.amazonaws.com";
const certs = getTestCertificates();
const staticProvider = auth.AwsCredentialsProvider.newStatic("AKID", "SECRET");

function alpnOf(config: mqtt5.Mqtt5ClientConfig): string[] | undefined {
  return (config.tlsCtx as io.ClientTlsContext).toTlsOptions().alpnProtocols;
}

test("factories: ports, ALPN, TLS context and transport as api-iot.md §1.2 records them", () => {
  const fromPath = Builder.newDirectMqttBuilderWithMtlsFromPath(HOST, certs.client.certPath, certs.client.keyPath).build();
  assert.equal(fromPath.port, 8883);
  assert.deepEqual(alpnOf(fromPath), ["x-amzn-mqtt-ca"]);
  assert.equal(fromPath.websocketHandshakeTransform, undefined);
  assert.equal((fromPath.tlsCtx as io.ClientTlsContext).certificate_source, io.CertificateSource.CERTIFICATE_FILES);

  const fromMemory = Builder.newDirectMqttBuilderWithMtlsFromMemory(HOST, certs.client.cert.toString(), certs.client.key.toString()).build();
  assert.equal(fromMemory.port, 8883);
  assert.deepEqual(alpnOf(fromMemory), ["x-amzn-mqtt-ca"]);

  const pkcs12 = Builder.newDirectMqttBuilderWithMtlsFromPkcs12(HOST, { pkcs12_file: certs.clientPkcs12.path, pkcs12_password: certs.clientPkcs12.passphrase }).build();
  assert.equal(pkcs12.port, 8883);
  assert.equal((pkcs12.tlsCtx as io.ClientTlsContext).certificate_source, io.CertificateSource.PKCS12_FILE);

  const customAuth = Builder.newDirectMqttBuilderWithCustomAuth(HOST, { authorizerName: "A" }).build();
  assert.equal(customAuth.port, 443);
  assert.deepEqual(alpnOf(customAuth), ["mqtt"]);
  assert.equal(customAuth.websocketHandshakeTransform, undefined);

  const sigv4 = Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: staticProvider }).build();
  assert.equal(sigv4.port, 443);
  assert.equal(alpnOf(sigv4), undefined);
  assert.equal(typeof sigv4.websocketHandshakeTransform, "function");

  const wsCustom = Builder.newWebsocketMqttBuilderWithCustomAuth(HOST, { authorizerName: "A" }).build();
  assert.equal(wsCustom.port, 443);
  assert.equal(alpnOf(wsCustom), undefined);
  assert.equal(typeof wsCustom.websocketHandshakeTransform, "function");
});

test("the mTLS ALPN stays when the port changes (withPort(443))", () => {
  const config = Builder.newDirectMqttBuilderWithMtlsFromPath(HOST, certs.client.certPath, certs.client.keyPath).withPort(443).build();
  assert.equal(config.port, 443);
  assert.deepEqual(alpnOf(config), ["x-amzn-mqtt-ca"]);
});

test("constructor defaults: keep-alive 1200 s, IoT Core validation and flow control, nothing else", () => {
  const config = Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: staticProvider }).build();
  assert.equal(config.hostName, HOST);
  assert.equal(config.connectProperties?.keepAliveIntervalSeconds, 1200);
  assert.equal(config.extendedValidationAndFlowControlOptions, mqtt5.ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults);
  for (const field of ["sessionBehavior", "retryJitterMode", "minReconnectDelayMs", "offlineQueueBehavior", "topicAliasingOptions", "socketOptions"] as const) {
    assert.equal(config[field], undefined, field);
  }
});

test("build(): the same object every time; username always rewritten; password from custom auth; metrics set", () => {
  const builder = Builder.newDirectMqttBuilderWithCustomAuth(HOST, { authorizerName: "MyAuth", username: "alice", password: "pw" });
  const connect: mqtt5.ConnectPacket = { keepAliveIntervalSeconds: 60, clientId: "c1", username: "ignored" };
  builder.withConnectProperties(connect);
  const first = builder.build();
  assert.equal(builder.build(), first);
  assert.equal(first.connectProperties, connect, "the caller's object is kept by reference (aws-crt)");
  assert.equal(connect.username, "alice?x-amz-customauthorizer-name=MyAuth");
  assert.equal(connect.password, "pw");
  assert.deepEqual(first.metrics, { libraryName: "mqtt5-client/JS", metadata: [] });
  assert.equal(Builder.newDirectMqttBuilderWithMtlsFromPath(HOST, certs.client.certPath, certs.client.keyPath).build().connectProperties?.username, "?");
});

test("build() creates the TLS context once: TLS with… calls after it have no effect", () => {
  const builder = Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: staticProvider });
  const context = builder.build().tlsCtx;
  builder.withCertificateAuthority(certs.ca.cert.toString());
  assert.equal(builder.build().tlsCtx, context);
  assert.equal((context as io.ClientTlsContext).toTlsOptions().ca, undefined);
});

test("with… methods write the fields of api-iot.md §1.3", () => {
  const socketOptions = new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 3000);
  const proxy = new http.HttpProxyOptions("proxy.local", 3128);
  const aliasing = { outboundBehavior: mqtt5.OutboundTopicAliasBehaviorType.LRU };
  const config = Builder.newDirectMqttBuilderWithMtlsFromPath(HOST, certs.client.certPath, certs.client.keyPath)
    .withCertificateAuthorityFromPath(undefined, certs.ca.certPath)
    .withTlsCipherPreference(io.TlsCipherPreference.Default)
    .withPort(9999)
    .withSessionBehavior(mqtt5.ClientSessionBehavior.RejoinPostSuccess)
    .withRetryJitterMode(mqtt5.RetryJitterType.Decorrelated)
    .withMinReconnectDelayMs(10)
    .withMaxReconnectDelayMs(20)
    .withMinConnectedTimeToResetReconnectDelayMs(30)
    .withConnackTimeoutMs(40)
    .withOfflineQueueBehavior(mqtt5.ClientOperationQueueBehavior.FailAllOnDisconnect)
    .withPingTimeoutMs(50)
    .withAckTimeoutSeconds(60)
    .withSocketOptions(socketOptions)
    .withHttpProxyOptions(proxy)
    .withExtendedValidationAndFlowControlOptions(mqtt5.ClientExtendedValidationAndFlowControl.None)
    .withTopicAliasingOptions(aliasing)
    .build();
  assert.equal(config.port, 9999);
  assert.equal(config.sessionBehavior, mqtt5.ClientSessionBehavior.RejoinPostSuccess);
  assert.equal(config.retryJitterMode, mqtt5.RetryJitterType.Decorrelated);
  assert.deepEqual(
    [config.minReconnectDelayMs, config.maxReconnectDelayMs, config.minConnectedTimeToResetReconnectDelayMs, config.connackTimeoutMs, config.pingTimeoutMs, config.ackTimeoutSeconds],
    [10, 20, 30, 40, 50, 60],
  );
  assert.equal(config.offlineQueueBehavior, mqtt5.ClientOperationQueueBehavior.FailAllOnDisconnect);
  assert.equal(config.socketOptions, socketOptions);
  assert.equal(config.httpProxyOptions, proxy);
  assert.equal(config.extendedValidationAndFlowControlOptions, mqtt5.ClientExtendedValidationAndFlowControl.None);
  assert.equal(config.topicAliasingOptions, aliasing);
  assert.ok((config.tlsCtx as io.ClientTlsContext).toTlsOptions().ca !== undefined, "CA from path read into the context");
  // An optional number left out removes the field again (aws-crt writes undefined).
  const builder = Builder.newDirectMqttBuilderWithCustomAuth(HOST, {}).withPingTimeoutMs(5).withPingTimeoutMs();
  assert.equal("pingTimeoutMs" in builder.build(), false);
});

test("the Windows certificate store factory: 'not supported on this platform' ValidationError", () => {
  assert.throws(
    () => Builder.newDirectMqttBuilderWithMtlsFromWindowsCertStorePath(HOST, "CurrentUser\\MY\\A11F8A9B5DF5B98BA3508FBCA575D09570E0D2C6"),
    (error: unknown) => error instanceof ValidationError && /not supported on this platform/.test(error.message),
  );
});

test("bad input is a ValidationError naming the field", () => {
  const field = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return error instanceof ValidationError ? error.field : `not a ValidationError: ${String(error)}`;
    }
    return undefined;
  };
  assert.equal(field(() => Builder.newWebsocketMqttBuilderWithSigv4Auth("localhost")), "region");
  assert.equal(field(() => Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { region: "" })), "region");
  assert.equal(field(() => Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: 42 as never })), "credentialsProvider");
  assert.equal(field(() => Builder.newDirectMqttBuilderWithMtlsFromPath("", "c", "k")), "hostName");
  assert.equal(field(() => Builder.newDirectMqttBuilderWithCustomAuth(HOST, { tokenValue: "v" })), "customAuthConfig.tokenKeyName");
  assert.equal(field(() => Builder.newWebsocketMqttBuilderWithCustomAuth(HOST, { username: "a?b?c" })), "customAuthConfig.username");
  assert.equal(field(() => Builder.newDirectMqttBuilderWithMtlsFromPkcs12(HOST, null as never)), "pkcs12_options");
  assert.equal(field(() => Builder.newDirectMqttBuilderWithMtlsFromPath(HOST, certs.client.certPath, "/nonexistent/key.pem").build())?.startsWith("private_key"), true);
});

test("the region comes from the endpoint unless given; the WebSocket custom-auth signature is URI-encoded too", async () => {
  const request = new http.HttpRequest("GET", "/mqtt", new http.HttpHeaders([["Host", HOST]]));
  await Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: staticProvider }).build().websocketHandshakeTransform?.(request, () => undefined);
  assert.match(request.path, /X-Amz-Credential=AKID%2F\d{8}%2Feu-west-1%2Fiotdevicegateway%2Faws4_request/);
  const explicit = new http.HttpRequest("GET", "/mqtt", new http.HttpHeaders([["Host", HOST]]));
  await Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: staticProvider, region: "us-gov-west-1" }).build().websocketHandshakeTransform?.(explicit, () => undefined);
  assert.match(explicit.path, /%2Fus-gov-west-1%2F/);
  const ws = Builder.newWebsocketMqttBuilderWithCustomAuth(HOST, { authorizerName: "A", tokenKeyName: "k", tokenValue: "v", tokenSignature: "ab+c/d=" }).build();
  assert.equal(ws.connectProperties?.username, "?x-amz-customauthorizer-name=A&k=v&x-amz-customauthorizer-signature=ab%2Bc%2Fd%3D");
});

test("the SigV4 transform resolves credentials again and signs anew on every attempt", async () => {
  let calls = 0;
  const provider = auth.AwsCredentialsProvider.newDelegate(() => ({ accessKeyId: `AKID${++calls}`, secretAccessKey: "s" }));
  const transform = Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: provider }).build().websocketHandshakeTransform;
  const paths: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const request = new http.HttpRequest("GET", "/mqtt", new http.HttpHeaders([["Host", HOST]]));
    await transform?.(request, () => undefined);
    paths.push(request.path);
  }
  assert.match(paths[0] ?? "", /X-Amz-Credential=AKID1%2F/);
  assert.match(paths[1] ?? "", /X-Amz-Credential=AKID2%2F/);
});

test("Mqtt5Client accepts what every factory builds", () => {
  const configs = [
    Builder.newDirectMqttBuilderWithMtlsFromPath(HOST, certs.client.certPath, certs.client.keyPath).build(),
    Builder.newDirectMqttBuilderWithMtlsFromMemory(HOST, certs.client.cert.toString(), certs.client.key.toString()).build(),
    Builder.newDirectMqttBuilderWithMtlsFromPkcs12(HOST, { pkcs12_file: certs.clientPkcs12.path, pkcs12_password: certs.clientPkcs12.passphrase }).build(),
    Builder.newDirectMqttBuilderWithCustomAuth(HOST, { authorizerName: "A", username: "u", password: new Uint8Array([1]) }).build(),
    Builder.newWebsocketMqttBuilderWithSigv4Auth(HOST, { credentialsProvider: staticProvider }).build(),
    Builder.newWebsocketMqttBuilderWithCustomAuth(HOST, { authorizerName: "A" }).build(),
  ];
  for (const config of configs) new mqtt5.Mqtt5Client(config).close();
});
