// Differences between aws-crt 1.33.2's native mqtt5 client and ours that are intended. The differential test fails
// when a difference appears that no row explains, or when a row's difference no longer appears (except rows
// marked `sometimes`). README.md explains the same rows for users; keep both in step.
import { ABSENT, type IntendedDifference } from "./compare.js";
import { scenarios } from "./scenarios.js";

/** The one scenario whose name starts with `prefix`. */
function scenario(prefix: string): string {
  const found = scenarios.filter((candidate) => candidate.name.startsWith(prefix));
  if (found.length !== 1 || found[0] === undefined) throw new Error(`${found.length} scenarios start with "${prefix}"`);
  return found[0].name;
}

const connecting = scenarios
  .filter((candidate) => candidate.steps.some((step) => step.do === "awaitEvent" && step.event === "connectionSuccess"))
  .map((candidate) => candidate.name);
const offlineQueue = scenarios.filter((candidate) => candidate.name.startsWith("offline queue")).map((candidate) => candidate.name);
const invalidInput = scenario("invalid input");
const qos2 = scenario("QoS 2");

const validationError = { valueType: "Error", errorName: "AWS_ERROR_MQTT5_PACKET_VALIDATION", errorCode: 5147 };

export const intendedDifferences: readonly IntendedDifference[] = [
  {
    id: "maximum-qos-2",
    scenarios: connecting,
    at: /awaitEvent\(connectionSuccess\)(#\d+)?\.settings\.maximumQos/,
    crt: 1,
    ours: 2,
    reason:
      "We implement QoS 2, so NegotiatedSettings.maximumQos is the server's Maximum QoS (2 when the CONNACK has none); " +
      "aws-crt caps it at 1 because it has no QoS 2.",
  },
  {
    id: "qos2-subscribe",
    scenarios: [qos2],
    at: /subscribe\(sub\)/,
    crt: { rejected: { valueType: "Error", errorName: "<none>", errorCode: "<none>" } },
    ours: { resolved: { reasonCodes: [2], type: 9, userProperties: [] } },
    reason: "aws-crt refuses a QoS 2 subscription before sending it; we send it and resolve with the SUBACK (Granted QoS 2).",
  },
  {
    id: "qos2-publish",
    scenarios: [qos2],
    at: /publish\(q2\)/,
    crt: { rejected: { valueType: "string", errorName: "AWS_ERROR_MQTT5_PUBLISH_OPTIONS_VALIDATION" } },
    ours: { resolved: { reasonCode: 0, type: 7, userProperties: [] } },
    reason: "aws-crt fails a QoS 2 publish when it reaches the head of its queue; we run the PUBREC/PUBREL/PUBCOMP flow and resolve with the PUBCOMP.",
  },
  {
    id: "qos2-delivery",
    scenarios: [qos2],
    at: /messageCount/,
    crt: 0,
    ours: 1,
    reason: "Follows from the two rows above: only our client has the QoS 2 subscription and publishes the message it receives.",
  },
  {
    id: "rejection-is-an-error",
    scenarios: offlineQueue,
    at: /(peek|settle)\([^)]*\)\.rejected/,
    crt: { valueType: "string", errorName: "AWS_ERROR_MQTT5_OPERATION_FAILED_DUE_TO_OFFLINE_QUEUE_POLICY" },
    ours: { valueType: "Error", errorName: "AWS_ERROR_MQTT5_OPERATION_FAILED_DUE_TO_OFFLINE_QUEUE_POLICY", errorCode: 5156 },
    reason:
      "aws-crt's Node client rejects a failed operation with a plain string (the formatted CRT message). We reject with " +
      "an OperationError (a CrtError) carrying the same error_name plus error_code, reason and a stack; " +
      "`String(error)` and `error.message ?? error` still work.",
  },
  {
    id: "validation-error-name",
    scenarios: [invalidInput],
    at: /(publish\((wildcard-topic|not-utf8)\)|subscribe\(empty\))\.rejected/,
    crt: { valueType: "Error", errorName: "<none>", errorCode: "<none>" },
    ours: validationError,
    reason:
      "aws-crt rejects an invalid packet with a bare Error (\"failure invoking native client publish\"); the reason is " +
      "only in its native log. We reject with a ValidationError naming the field and the rule, error_name " +
      "AWS_ERROR_MQTT5_PACKET_VALIDATION (5147).",
  },
  {
    id: "stop-validation-error-name",
    scenarios: [invalidInput],
    at: /stop\.threw/,
    crt: { valueType: "Error", errorName: "AWS_ERROR_MQTT5_DISCONNECT_OPTIONS_VALIDATION", errorCode: "<none>" },
    ours: validationError,
    reason:
      "Both throw synchronously from stop(invalid DISCONNECT). aws-crt throws a plain Error whose message embeds " +
      "AWS_ERROR_MQTT5_DISCONNECT_OPTIONS_VALIDATION; ours is a ValidationError (error_name AWS_ERROR_MQTT5_PACKET_VALIDATION, 5147, field and rule).",
  },
  {
    id: "stop-session-expiry-checked-at-call",
    scenarios: [invalidInput],
    at: /stop#2/,
    crt: ABSENT,
    ours: { threw: validationError },
    reason:
      "A DISCONNECT with a Session Expiry Interval when the CONNECT had none is a Protocol Error (MQTT 5 §3.14.2.2.2). " +
      "The CONNECT is known when stop() is called, so we throw there and the client stays connected; aws-crt " +
      "accepts the call and finds out when it is about to write the DISCONNECT (next row).",
  },
  {
    id: "stop-session-expiry-disconnection-error",
    scenarios: [invalidInput],
    at: /awaitEvent\(disconnection\)\.error/,
    crt: { valueType: "Error", errorName: "AWS_ERROR_MQTT5_DISCONNECT_OPTIONS_VALIDATION", errorCode: 5142 },
    ours: { valueType: "Error", errorName: "AWS_ERROR_MQTT5_USER_REQUESTED_STOP", errorCode: 5153 },
    reason:
      "aws-crt then closes the socket without any DISCONNECT and reports the validation failure as the disconnection " +
      "error; ours is still connected and stops on the script's following plain stop().",
  },
  {
    id: "empty-payload-not-detached",
    scenarios: [scenario("subscribe QoS 0 + QoS 1")],
    at: /awaitMessages\.\d+\.message\.payload/,
    crt: { "<ArrayBuffer>": "<detached>" },
    ours: { "<ArrayBuffer>": "" },
    reason:
      "aws-crt hands out an empty inbound payload as a detached ArrayBuffer: `new Uint8Array(payload)` throws " +
      "TypeError. Ours is an ordinary zero-length ArrayBuffer.",
  },
  {
    id: "no-sdk-metrics",
    scenarios: [scenario("SDK metrics")],
    at: /brokerLog\(connect\)/,
    crt: /as \{clientId\} \(p5, c1, k30, u'user\?SDK=IoTDeviceSDK\/JS&Platform=[^&]+&Metadata=\(CRTVersion=1\.33\.2;.*/,
    ours: "as {clientId} (p5, c1, k30, u'user')",
    reason:
      "Unless `disableMetrics: true`, aws-crt appends SDK usage metrics (\"?SDK=IoTDeviceSDK/JS&Platform=…&Metadata=(…)\") " +
      "to the CONNECT username, which changes the credentials any broker but AWS IoT Core sees. We send the " +
      "username as given; `disableMetrics`/`metrics` are accepted and have no effect.",
  },
  {
    id: "stopped-before-disconnection",
    scenarios: connecting,
    sometimes: true,
    at: /events/,
    crt: /(attemptingConnect,connectionSuccess,(disconnection,stopped|stopped,disconnection),?)+/,
    ours: /(attemptingConnect,connectionSuccess,disconnection,stopped,?)+/,
    reason:
      "aws-crt delivers each event type through its own native thread-safe function, and the one for `stopped` is " +
      "served first when both are pending: in some runs `stopped` arrives before `disconnection`. We always emit " +
      "`disconnection` and then `stopped`, the order aws-crt documents.",
  },
];
