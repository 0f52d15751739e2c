// MQTT over WebSocket with SigV4, credentials from the default chain (environment, profiles, SSO, process, web
// identity, container/instance metadata) (seed: "MQTT over Websockets with Sigv4 authentication").
//   AWS_PROFILE=my-profile node samples/dist/mqtt5-websocket-sigv4.js --endpoint <endpoint> [--region us-east-1]
import { iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags({ region: { type: "string" } }, [], "mqtt5-websocket-sigv4: [--region <signing region>] (default: from the endpoint)");
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newWebsocketMqttBuilderWithSigv4Auth(
  flags.endpoint as string,
  typeof flags.region === "string" ? { region: flags.region } : undefined,
);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
