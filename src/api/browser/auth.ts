// The `auth` namespace of the browser entry: aws-crt's browser credential classes (api-iot.md §5.3) — the
// `CredentialsProvider` base users extend (e.g. with Cognito) and `StaticCredentialProvider` — plus the types this
// package accepts as a SigV4 `credentialsProvider` (AWS SDK v3 provider functions such as
// `fromCognitoIdentityPool(…)` included) and the IoT Core presigning helper. Node's `AwsCredentialsProvider`
// (default chain, profiles, X.509) is not here: it reads files, environment and instance metadata.
import type { AWSCredentials } from "../../auth/credentials.js";

export type { AwsCredentials, AWSCredentials, CredentialsFunction, CredentialsProviderLike } from "../../auth/credentials.js";
export { presignWebsocketPath, IOT_DEVICE_GATEWAY_SERVICE, type PresignWebsocketRequest } from "../../auth/sigv4-presign.js";

/**
 * aws-crt's browser credentials provider: the client awaits `refreshCredentials()` and then reads
 * `getCredentials()` before every SigV4-signed connection attempt. Extend it to fetch temporary credentials.
 */
export class CredentialsProvider {
  /** The current credentials; the base class has none. */
  getCredentials(): AWSCredentials | undefined {
    return undefined;
  }

  /** Obtains fresh credentials (e.g. from Cognito); the base class resolves at once. */
  refreshCredentials(): Promise<void> {
    return Promise.resolve();
  }
}

/** Fixed credentials (aws-crt's browser `StaticCredentialProvider`). */
export class StaticCredentialProvider extends CredentialsProvider {
  credentials: AWSCredentials;

  constructor(credentials: AWSCredentials) {
    super();
    this.credentials = credentials;
  }

  override getCredentials = (): AWSCredentials | undefined => this.credentials;
}
