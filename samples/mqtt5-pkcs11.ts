// Direct MQTT with mutual TLS, the private key on a PKCS#11 token (smart card, HSM, SoftHSM2) (seed: "Direct MQTT with PKCS11").
//   node samples/dist/mqtt5-pkcs11.js --endpoint <endpoint> --cert device.pem.crt --pkcs11-lib /usr/lib/softhsm/libsofthsm2.so \
//        --pin 0000 --token-label my-token --key-label my-key
import { io, iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags(
  { cert: { type: "string" }, "pkcs11-lib": { type: "string" }, pin: { type: "string" }, "token-label": { type: "string" }, "slot-id": { type: "string" }, "key-label": { type: "string" } },
  ["cert", "pkcs11-lib"],
  "mqtt5-pkcs11: --cert <certificate PEM file> --pkcs11-lib <library .so> [--pin <user PIN>] [--token-label <label>] [--slot-id <n>] [--key-label <label>]",
);
const pkcs11Lib = new io.Pkcs11Lib(flags["pkcs11-lib"] as string, io.Pkcs11Lib.InitializeFinalizeBehavior.STRICT);
const options: io.TlsContextOptions.Pkcs11Options = { pkcs11_lib: pkcs11Lib, user_pin: (flags.pin as string | undefined) ?? null, cert_file_path: flags.cert as string };
if (typeof flags["token-label"] === "string") options.token_label = flags["token-label"];
if (typeof flags["slot-id"] === "string") options.slot_id = Number(flags["slot-id"]);
if (typeof flags["key-label"] === "string") options.private_key_object_label = flags["key-label"];
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPkcs11(flags.endpoint as string, options);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
pkcs11Lib.close();
