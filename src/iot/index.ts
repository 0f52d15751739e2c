// The `iot` namespace: aws-crt's AWS IoT Core configuration builder for MQTT 5 (api-iot.md §1–2), Node variant.
export { AwsIotMqtt5ClientConfigBuilder, type WebsocketSigv4Config } from "./aws-iot-mqtt5-client-config-builder.js";
export { buildMqtt5FinalUsername, canonicalizeCustomAuthConfig, type MqttConnectCustomAuthConfig } from "./custom-auth.js";
export { extractRegionFromEndpoint } from "./region.js";
export { appendSdkMetrics } from "./sdk-metrics.js";
