// Direct MQTT with mutual TLS from a PKCS#12 file (seed: "Direct MQTT with PKCS12"; works on every OS here).
//   node samples/dist/mqtt5-pkcs12.js --endpoint <endpoint> --pkcs12-file device.p12 --pkcs12-password <password>
import { iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags({ "pkcs12-file": { type: "string" }, "pkcs12-password": { type: "string" } }, ["pkcs12-file", "pkcs12-password"], "mqtt5-pkcs12: --pkcs12-file <file> --pkcs12-password <password>");
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPkcs12(flags.endpoint as string, {
  pkcs12_file: flags["pkcs12-file"] as string,
  pkcs12_password: flags["pkcs12-password"] as string,
});
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
