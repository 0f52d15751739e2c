// Direct MQTT with X.509 mutual TLS, certificate and key passed as PEM text (seed: "…in memory").
//   node samples/dist/mqtt5-x509-memory.js --endpoint <endpoint> --cert device.pem.crt --key private.pem.key
import { readFileSync } from "node:fs";
import { iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags({ cert: { type: "string" }, key: { type: "string" } }, ["cert", "key"], "mqtt5-x509-memory: --cert <certificate PEM file> --key <private key PEM file>");
const cert = readFileSync(flags.cert as string, "utf8");
const key = readFileSync(flags.key as string, "utf8");
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromMemory(flags.endpoint as string, cert, key);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
