// AWS IoT Core custom authorizer without token signing, over direct TLS (port 443, ALPN "mqtt") or, with
// --websocket, over WebSocket (seed: "Direct MQTT with Custom Authentication", unsigned).
//   node samples/dist/mqtt5-custom-auth-unsigned.js --endpoint <endpoint> --authorizer-name MyAuthorizer --username u --password p
import { iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags(
  { "authorizer-name": { type: "string" }, username: { type: "string" }, password: { type: "string" }, websocket: { type: "boolean" } },
  [],
  "mqtt5-custom-auth-unsigned: [--authorizer-name <name>] [--username <u>] [--password <p>] [--websocket]",
);
const customAuth: iot.MqttConnectCustomAuthConfig = {};
if (typeof flags["authorizer-name"] === "string") customAuth.authorizerName = flags["authorizer-name"];
if (typeof flags.username === "string") customAuth.username = flags.username;
if (typeof flags.password === "string") customAuth.password = Buffer.from(flags.password, "utf-8");
const builder =
  flags.websocket === true
    ? iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithCustomAuth(flags.endpoint as string, customAuth)
    : iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth(flags.endpoint as string, customAuth);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
