// The `iot` namespace of the browser entry: the browser builder (SigV4 and custom-authorizer WebSockets) and the
// browser-safe helpers the Node `iot` namespace offers too.
export { AwsIotMqtt5ClientConfigBuilder, type WebsocketSigv4Config } from "./iot-builder.js";
export { buildMqtt5FinalUsername, canonicalizeCustomAuthConfig, type MqttConnectCustomAuthConfig } from "../../iot/custom-auth.js";
export { extractRegionFromEndpoint } from "../../iot/region.js";
