// Direct MQTT with X.509 mutual TLS, certificate and key read from files (seed: "Direct MQTT with X509-based mutual TLS").
//   node samples/dist/mqtt5-x509.js --endpoint <prefix>-ats.iot.<region>.amazonaws.com --cert device.pem.crt --key private.pem.key
import { iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags({ cert: { type: "string" }, key: { type: "string" } }, ["cert", "key"], "mqtt5-x509: --cert <certificate PEM file> --key <private key PEM file>");
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPath(flags.endpoint as string, flags.cert as string, flags.key as string);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
