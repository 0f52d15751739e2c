// MQTT over WebSocket with SigV4, credentials from an Amazon Cognito identity (seed: the Cognito variant of
// "MQTT over Websockets with Sigv4 authentication").
//   node samples/dist/mqtt5-websocket-cognito.js --endpoint <endpoint> --region us-east-1 \
//        --cognito-endpoint cognito-identity.us-east-1.amazonaws.com --identity us-east-1:xxxx   (or --identity-pool-id us-east-1:yyyy)
import { auth, iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags(
  { region: { type: "string" }, "cognito-endpoint": { type: "string" }, identity: { type: "string" }, "identity-pool-id": { type: "string" } },
  ["cognito-endpoint"],
  "mqtt5-websocket-cognito: --cognito-endpoint <host or URL> (--identity <identity id> | --identity-pool-id <pool id>) [--region <signing region>]",
);
const cognito: auth.CognitoCredentialsProviderConfig = { endpoint: flags["cognito-endpoint"] as string };
if (typeof flags.identity === "string") cognito.identity = flags.identity;
if (typeof flags["identity-pool-id"] === "string") cognito.identityPoolId = flags["identity-pool-id"];
const wsConfig: iot.WebsocketSigv4Config = { credentialsProvider: auth.AwsCredentialsProvider.newCognito(cognito) };
if (typeof flags.region === "string") wsConfig.region = flags.region;
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithSigv4Auth(flags.endpoint as string, wsConfig);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
