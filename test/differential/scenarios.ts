// The differential scenarios: each is played against aws-crt's native mqtt5 client and against ours on the same
// Mosquitto (the step language is in dsl.ts). Enum values come from our `mqtt5` namespace; they are numerically
// identical to aws-crt's (test/unit/api checks the enums).
import { mqtt5 } from "../../src/index.js";
import type { Scenario, Step } from "./dsl.js";

export type { Scenario, ScenarioConfig, Step } from "./dsl.js";

const { QoS } = mqtt5;

const connect: readonly Step[] = [
  { do: "start" },
  { do: "awaitEvent", event: "attemptingConnect" },
  { do: "awaitEvent", event: "connectionSuccess" },
  // What the broker saw of the CONNECT: protocol level, clean start, keep-alive, username.
  { do: "brokerLog", label: "connect", pattern: "as {clientId} \\([^)]*\\)" },
];
const stopAndWait: readonly Step[] = [
  { do: "stop" },
  { do: "awaitEvent", event: "disconnection" },
  { do: "awaitEvent", event: "stopped" },
];

const userProperties = [
  { name: "a", value: "1" },
  { name: "a", value: "2" },
  { name: "ünïcødé", value: "värde ✓" },
];

/** Every PUBLISH property a client may send. */
const allPublishProperties = {
  payloadFormat: mqtt5.PayloadFormatIndicator.Utf8,
  messageExpiryIntervalSeconds: 3_600,
  responseTopic: "test/{id}/reply",
  correlationData: new Uint8Array([0, 1, 2, 0xfe, 0xff]),
  contentType: "text/plain; charset=utf-8",
  userProperties,
};

const offlineQueueScenario = (policyName: string, offlineQueueBehavior: number): Scenario => ({
  name: `offline queue, ${policyName}: operations submitted while stopped, then start`,
  config: { listener: "tcp", client: { offlineQueueBehavior } },
  steps: [
    { do: "publish", label: "qos0", packet: { topicName: "test/{id}/offline", qos: QoS.AtMostOnce, payload: "q0" }, settle: "later" },
    { do: "publish", label: "qos1", packet: { topicName: "test/{id}/offline", qos: QoS.AtLeastOnce, payload: "q1" }, settle: "later" },
    { do: "subscribe", label: "sub", packet: { subscriptions: [{ topicFilter: "test/{id}/other", qos: QoS.AtLeastOnce }] }, settle: "later" },
    { do: "unsubscribe", label: "unsub", packet: { topicFilters: ["test/{id}/other"] }, settle: "later" },
    { do: "sleep", ms: 300 },
    { do: "peek", label: "qos0" },
    { do: "peek", label: "qos1" },
    { do: "peek", label: "sub" },
    { do: "peek", label: "unsub" },
    ...connect,
    { do: "settle", label: "qos0" },
    { do: "settle", label: "qos1" },
    { do: "settle", label: "sub" },
    { do: "settle", label: "unsub" },
    ...stopAndWait,
  ],
});

export const scenarios: readonly Scenario[] = [
  {
    name: "connect + stop()",
    config: { listener: "tcp" },
    steps: [...connect, ...stopAndWait, { do: "brokerLog", label: "end", pattern: "Client {clientId} (closed its connection|disconnected)" }],
  },
  {
    name: "connect + stop(DISCONNECT with reason string and user properties)",
    config: { listener: "tcp" },
    steps: [
      ...connect,
      { do: "stop", packet: { reasonCode: mqtt5.DisconnectReasonCode.NormalDisconnection, reasonString: "bye", userProperties } },
      { do: "awaitEvent", event: "disconnection" },
      { do: "awaitEvent", event: "stopped" },
      { do: "brokerLog", label: "disconnect", pattern: "Received DISCONNECT from {clientId}" },
      { do: "brokerLog", label: "end", pattern: "Client {clientId} (closed its connection|disconnected)" },
    ],
  },
  {
    name: "subscribe QoS 0 + QoS 1, publish QoS 0/1 with every property and payload type, receive",
    config: { listener: "tcp" },
    steps: [
      ...connect,
      {
        do: "subscribe",
        label: "sub",
        packet: {
          subscriptions: [
            { topicFilter: "test/{id}/q0/#", qos: QoS.AtMostOnce },
            { topicFilter: "test/{id}/q1/#", qos: QoS.AtLeastOnce, noLocal: false, retainAsPublished: false },
          ],
          subscriptionIdentifier: 7,
          userProperties,
        },
      },
      { do: "publish", label: "q0-string", packet: { topicName: "test/{id}/q0/string", qos: QoS.AtMostOnce, payload: "héllo", ...allPublishProperties } },
      {
        do: "publish",
        label: "q1-bytes",
        packet: {
          topicName: "test/{id}/q1/bytes",
          qos: QoS.AtLeastOnce,
          payload: new Uint8Array([0, 0xff, 7]),
          ...allPublishProperties,
          payloadFormat: mqtt5.PayloadFormatIndicator.Bytes,
        },
      },
      { do: "publish", label: "q1-json", packet: { topicName: "test/{id}/q1/json", qos: QoS.AtLeastOnce, payload: { n: 1, list: ["x"] } } },
      {
        do: "publish",
        label: "q1-view",
        packet: { topicName: "test/{id}/q1/view", qos: QoS.AtLeastOnce, payload: new DataView(new Uint8Array([9, 8, 7, 6, 5]).buffer, 1, 3) },
      },
      { do: "publish", label: "q0-arraybuffer", packet: { topicName: "test/{id}/q0/arraybuffer", qos: QoS.AtMostOnce, payload: new Uint8Array([1, 2]).buffer } },
      { do: "publish", label: "q1-to-q0-sub", packet: { topicName: "test/{id}/q0/downgraded", qos: QoS.AtLeastOnce, payload: "" } },
      { do: "awaitMessages", count: 6 },
      ...stopAndWait,
    ],
  },
  {
    name: "unsubscribe: existing and unknown filters, then no delivery",
    config: { listener: "tcp" },
    steps: [
      ...connect,
      { do: "subscribe", label: "sub", packet: { subscriptions: [{ topicFilter: "test/{id}/u/#", qos: QoS.AtLeastOnce }] } },
      { do: "unsubscribe", label: "unsub", packet: { topicFilters: ["test/{id}/u/#", "test/{id}/never"], userProperties } },
      { do: "publish", label: "after", packet: { topicName: "test/{id}/u/x", qos: QoS.AtLeastOnce, payload: "nobody" } },
      { do: "sleep", ms: 200 },
      ...stopAndWait,
    ],
  },
  {
    name: "auth listener: subscribe to an ACL-denied filter",
    config: { listener: "auth" },
    steps: [
      ...connect,
      {
        do: "subscribe",
        label: "sub",
        packet: { subscriptions: [{ topicFilter: "test/denied/{id}/#", qos: QoS.AtLeastOnce }, { topicFilter: "test/{id}/ok", qos: QoS.AtLeastOnce }] },
      },
      ...stopAndWait,
    ],
  },
  {
    name: "auth listener: publish QoS 1 to an ACL-denied topic (PUBACK 0x87)",
    config: { listener: "auth" },
    steps: [
      ...connect,
      { do: "publish", label: "denied", packet: { topicName: "test/denied/{id}/x", qos: QoS.AtLeastOnce, payload: "no" } },
      { do: "publish", label: "denied-qos0", packet: { topicName: "test/denied/{id}/x", qos: QoS.AtMostOnce, payload: "no" } },
      ...stopAndWait,
    ],
  },
  {
    name: "connection refused (no broker on the port)",
    config: { listener: "closedPort" },
    steps: [
      { do: "start" },
      { do: "awaitEvent", event: "attemptingConnect" },
      { do: "awaitEvent", event: "connectionFailure" },
      { do: "stop" },
      { do: "awaitEvent", event: "stopped" },
    ],
  },
  {
    name: "bad password (CONNACK 0x87)",
    config: { listener: "auth", credentials: "wrongPassword" },
    steps: [
      { do: "start" },
      { do: "awaitEvent", event: "attemptingConnect" },
      { do: "awaitEvent", event: "connectionFailure" },
      { do: "stop" },
      { do: "awaitEvent", event: "stopped" },
    ],
  },
  {
    name: "negotiated settings from connectProperties and topic aliasing options",
    config: {
      listener: "tcp",
      connectProperties: {
        keepAliveIntervalSeconds: 45,
        sessionExpiryIntervalSeconds: 600,
        receiveMaximum: 50,
        maximumPacketSizeBytes: 65_536,
        requestResponseInformation: true,
        requestProblemInformation: true,
        userProperties,
      },
      client: {
        topicAliasingOptions: {
          outboundBehavior: mqtt5.OutboundTopicAliasBehaviorType.LRU,
          outboundCacheMaxSize: 5,
          inboundBehavior: mqtt5.InboundTopicAliasBehaviorType.Enabled,
          inboundCacheMaxSize: 12,
        },
      },
    },
    steps: [
      ...connect,
      { do: "subscribe", label: "sub", packet: { subscriptions: [{ topicFilter: "test/{id}/alias", qos: QoS.AtLeastOnce }] } },
      { do: "publish", label: "first", packet: { topicName: "test/{id}/alias", qos: QoS.AtLeastOnce, payload: "1" } },
      { do: "publish", label: "second", packet: { topicName: "test/{id}/alias", qos: QoS.AtLeastOnce, payload: "2" } },
      { do: "awaitMessages", count: 2 },
      ...stopAndWait,
    ],
  },
  {
    name: "no connectProperties at all (default keep-alive, broker-assigned client id)",
    config: { listener: "tcp", connectProperties: "none" },
    steps: [...connect, ...stopAndWait],
  },
  {
    name: "assigned client id (empty clientId) is kept for the next connection",
    config: { listener: "tcp", connectProperties: { clientId: "" } },
    steps: [...connect, ...stopAndWait, { do: "start" }, { do: "awaitEvent", event: "connectionSuccess" }, ...stopAndWait],
  },
  {
    name: "retained message: delivered on subscribe; retain-as-published; DontSend",
    config: { listener: "tcp" },
    steps: [
      { do: "serverPublish", topic: "test/{id}/retained", payload: "kept", qos: 1, retain: true },
      ...connect,
      { do: "subscribe", label: "sub", packet: { subscriptions: [{ topicFilter: "test/{id}/retained", qos: QoS.AtLeastOnce }] } },
      { do: "awaitMessages", count: 1 },
      {
        do: "subscribe",
        label: "dont-send",
        packet: { subscriptions: [{ topicFilter: "test/{id}/+", qos: QoS.AtMostOnce, retainHandlingType: mqtt5.RetainHandlingType.DontSend }] },
      },
      {
        do: "subscribe",
        label: "rap",
        packet: { subscriptions: [{ topicFilter: "test/{id}/rap/#", qos: QoS.AtLeastOnce, retainAsPublished: true }] },
      },
      { do: "publish", label: "retained", packet: { topicName: "test/{id}/rap/x", qos: QoS.AtLeastOnce, payload: "r", retain: true } },
      { do: "awaitMessages", count: 1 },
      { do: "sleep", ms: 200 },
      ...stopAndWait,
    ],
  },
  {
    name: "server-side disconnect: another connection takes the session over",
    config: { listener: "tcp" },
    steps: [
      ...connect,
      { do: "serverTakeover" },
      { do: "awaitEvent", event: "disconnection" },
      { do: "stop" },
      { do: "awaitEvent", event: "stopped" },
    ],
  },
  {
    name: "SDK metrics: disableMetrics not set, with a username",
    config: { listener: "tcp", connectProperties: { username: "user" }, client: { disableMetrics: false } },
    steps: [...connect, ...stopAndWait],
  },
  offlineQueueScenario("Default", mqtt5.ClientOperationQueueBehavior.Default),
  offlineQueueScenario("FailNonQos1PublishOnDisconnect", mqtt5.ClientOperationQueueBehavior.FailNonQos1PublishOnDisconnect),
  offlineQueueScenario("FailQos0PublishOnDisconnect", mqtt5.ClientOperationQueueBehavior.FailQos0PublishOnDisconnect),
  offlineQueueScenario("FailAllOnDisconnect", mqtt5.ClientOperationQueueBehavior.FailAllOnDisconnect),
  {
    name: "QoS 2: subscription granted, publish",
    config: { listener: "tcp" },
    steps: [
      ...connect,
      { do: "subscribe", label: "sub", packet: { subscriptions: [{ topicFilter: "test/{id}/q2", qos: QoS.ExactlyOnce }] } },
      { do: "publish", label: "q2", packet: { topicName: "test/{id}/q2", qos: QoS.ExactlyOnce, payload: "two" } },
      { do: "sleep", ms: 300 },
      ...stopAndWait,
    ],
  },
  {
    name: "invalid input: publish to a wildcard topic, empty subscribe, non-UTF-8 payload marked UTF-8, stop() with a bad reason code / a session expiry the CONNECT did not have",
    config: { listener: "tcp" },
    steps: [
      ...connect,
      { do: "publish", label: "wildcard-topic", packet: { topicName: "test/{id}/#", qos: QoS.AtMostOnce, payload: "x" } },
      { do: "subscribe", label: "empty", packet: { subscriptions: [] } },
      {
        do: "publish",
        label: "not-utf8",
        packet: { topicName: "test/{id}/x", qos: QoS.AtLeastOnce, payload: new Uint8Array([0xff]), payloadFormat: mqtt5.PayloadFormatIndicator.Utf8 },
      },
      { do: "stop", packet: { reasonCode: 3 } }, // not a DISCONNECT reason code
      { do: "stop", packet: { reasonCode: mqtt5.DisconnectReasonCode.NormalDisconnection, sessionExpiryIntervalSeconds: 10 } },
      { do: "sleep", ms: 200 },
      ...stopAndWait,
    ],
  },
];
