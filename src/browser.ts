// Browser entry (package.json `browser` export condition): the same client as the Node entry — one protocol core —
// over the global WebSocket, with aws-crt's browser `iot` builder and `auth` credential classes. No `node:` import,
// no Buffer, no polyfill. What differs from the Node entry, and why, is listed in README.md ("Browser").
export * as mqtt5 from "./api/browser/mqtt5.js";
/** Addition: aws-crt's internal packet module, as its SDK user guide refers to it (`mqtt5_packet.QoS`). */
export * as mqtt5_packet from "./api/mqtt5-packet.js";
/** AWS IoT Core configuration: SigV4 and custom-authorizer WebSocket builders. */
export * as iot from "./api/browser/iot.js";
/** Credentials for SigV4: CredentialsProvider (extend it, e.g. for Cognito), StaticCredentialProvider. */
export * as auth from "./api/browser/auth.js";
export * from "./api/errors.js";
