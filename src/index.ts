// Node entry: aws-crt-compatible names, so `import { mqtt5 } from "aws-crt"` becomes
// `import { mqtt5 } from "mqtt5-client"` (likewise io, http, iot, auth).
export * as mqtt5 from "./api/mqtt5.js";
/** Addition: aws-crt's internal packet module, as its SDK user guide refers to it (`mqtt5_packet.QoS`). */
export * as mqtt5_packet from "./api/mqtt5-packet.js";
/** TLS, socket and logging configuration (aws-crt's `io`): TlsContextOptions, ClientTlsContext, SocketOptions, … */
export * as io from "./io/index.js";
/** aws-crt's `http` names used by the MQTT configuration: HttpProxyOptions (+ enums), HttpRequest, HttpHeaders. */
export * as http from "./http/index.js";
/** AWS IoT Core (aws-crt's `iot`): AwsIotMqtt5ClientConfigBuilder, custom authorizers, SigV4 WebSocket. */
export * as iot from "./iot/index.js";
/** AWS credentials (aws-crt's `auth`): AwsCredentialsProvider factories; the AWS SDK behind them loads lazily. */
export * as auth from "./auth/index.js";
export * from "./api/errors.js";
