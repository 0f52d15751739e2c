// The `auth` namespace: aws-crt's credentials providers (api-iot.md §5) plus SigV4 presigning for IoT Core
// WebSockets. The AWS SDK packages behind them load lazily, on the first connection attempt that signs.
export { AwsCredentialsProvider, type ProfileProviderOptions } from "./aws-credentials-provider.js";
export { CredentialsProvider, StaticCredentialProvider } from "./credentials-provider.js";
export type { CognitoCredentialsProviderConfig, CognitoLoginTokenPair } from "./cognito-provider.js";
export type { X509CredentialsConfig } from "./x509-provider.js";
export type { AwsCredentials, AWSCredentials, CredentialsFunction, CredentialsProviderLike, StringLike } from "./credentials.js";
export type { CredentialsProviderInput } from "./credentials-source.js";
export { presignWebsocketPath, IOT_DEVICE_GATEWAY_SERVICE, type PresignWebsocketRequest } from "./sigv4-presign.js";
