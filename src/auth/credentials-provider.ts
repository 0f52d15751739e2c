// aws-crt's browser-style `auth.CredentialsProvider` (a class users extend: refreshCredentials() is awaited before
// every signing, then getCredentials() is read) and `auth.StaticCredentialProvider`. Offered on Node too, so the
// SDK user guide's snippets (`let p: CredentialsProvider = AwsCredentialsProvider.newCognito(…)`,
// `new StaticCredentialProvider({ … })`) compile unchanged. Browser-safe.
import type { AWSCredentials } from "./credentials.js";

/** Base class of credential providers in aws-crt's browser style. */
export class CredentialsProvider {
  /** The credentials to sign with now; the base class has none. */
  getCredentials(): AWSCredentials | undefined {
    return undefined;
  }

  /** Called (and awaited) before every signing; the base class does nothing. */
  refreshCredentials(): Promise<void> {
    return Promise.resolve();
  }
}

/** Fixed credentials in aws-crt's browser shape (`aws_access_id`, `aws_secret_key`, `aws_sts_token`, `aws_region`). */
export class StaticCredentialProvider extends CredentialsProvider {
  credentials: AWSCredentials;

  constructor(credentials: AWSCredentials) {
    super();
    this.credentials = credentials;
  }

  override getCredentials = (): AWSCredentials | undefined => this.credentials;
}
