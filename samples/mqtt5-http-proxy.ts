// Any builder path through an HTTP proxy (CONNECT tunnel, optional basic auth); here mutual TLS from files
// (seed: "HTTP Proxy").
//   node samples/dist/mqtt5-http-proxy.js --endpoint <endpoint> --cert device.pem.crt --key private.pem.key \
//        --proxy-host proxy.local --proxy-port 3128 [--proxy-user u --proxy-password p]
import { http, iot } from "mqtt5-client";
import { applyCommonFlags, parseFlags, runPubSub } from "./sample-support.js";

const flags = parseFlags(
  { cert: { type: "string" }, key: { type: "string" }, "proxy-host": { type: "string" }, "proxy-port": { type: "string" }, "proxy-user": { type: "string" }, "proxy-password": { type: "string" } },
  ["cert", "key", "proxy-host", "proxy-port"],
  "mqtt5-http-proxy: --cert <PEM file> --key <PEM file> --proxy-host <host> --proxy-port <port> [--proxy-user <u> --proxy-password <p>]",
);
const proxyOptions =
  typeof flags["proxy-user"] === "string"
    ? new http.HttpProxyOptions(flags["proxy-host"] as string, Number(flags["proxy-port"]), http.HttpProxyAuthenticationType.Basic, flags["proxy-user"], flags["proxy-password"] as string)
    : new http.HttpProxyOptions(flags["proxy-host"] as string, Number(flags["proxy-port"]));
const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPath(flags.endpoint as string, flags.cert as string, flags.key as string);
builder.withHttpProxyOptions(proxyOptions);
await runPubSub(applyCommonFlags(builder, flags).build(), flags);
