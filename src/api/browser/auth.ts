// The `auth` namespace of the browser entry: aws-crt's browser credential classes (api-iot.md §5.3) — the
// `CredentialsProvider` base users extend (e.g. with Cognito) and `StaticCredentialProvider` — plus the types this
// package accepts as a SigV4 `credentialsProvider` (AWS SDK v3 provider functions such as
// `fromCognitoIdentityPool(…)` included) and the IoT Core presigning helper. Node's `AwsCredentialsProvider`
// (default chain, profiles, X.509) is not here: it reads files, environment and instance metadata.
export type { AwsCredentials, AWSCredentials, CredentialsFunction, CredentialsProviderLike } from "../../auth/credentials.js";
export { presignWebsocketPath, IOT_DEVICE_GATEWAY_SERVICE, type PresignWebsocketRequest } from "../../auth/sigv4-presign.js";

// The same classes as on Node (src/auth/credentials-provider.ts is browser-safe).
export { CredentialsProvider, StaticCredentialProvider } from "../../auth/credentials-provider.js";
