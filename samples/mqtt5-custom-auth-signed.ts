// AWS IoT Core custom authorizer with token signing, over direct TLS or, with --websocket, over WebSocket (seed:
// "Direct MQTT with Custom Authentication", signed). The signature is the base64 RSA-SHA256 signature of the token
// value; the builder URI-encodes it.
//   node samples/dist/mqtt5-custom-auth-signed.js --endpoint <endpoint> --authorizer-name MyAuthorizer \
//        --token-key-name tokenKey --token-value tokenValue --token-signature <base64 signature>
import { iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags(
  {
    "authorizer-name": { type: "string" },
    "token-key-name": { type: "string" },
    "token-value": { type: "string" },
    "token-signature": { type: "string" },
    username: { type: "string" },
    password: { type: "string" },
    websocket: { type: "boolean" },
  },
  ["authorizer-name", "token-key-name", "token-value", "token-signature"],
  "mqtt5-custom-auth-signed: --authorizer-name <name> --token-key-name <k> --token-value <v> --token-signature <base64> [--username <u>] [--password <p>] [--websocket]",
);
const customAuth: iot.MqttConnectCustomAuthConfig = {
  authorizerName: flags["authorizer-name"] as string,
  tokenKeyName: flags["token-key-name"] as string,
  tokenValue: flags["token-value"] as string,
  tokenSignature: flags["token-signature"] as string,
};
if (typeof flags.username === "string") customAuth.username = flags.username;
if (typeof flags.password === "string") customAuth.password = flags.password;
const builder =
  flags.websocket === true
    ? iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithCustomAuth(flags.endpoint as string, customAuth)
    : iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithCustomAuth(flags.endpoint as string, customAuth);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
