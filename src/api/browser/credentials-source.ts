// The browser's reading of a SigV4 `credentialsProvider`: aws-crt's browser `auth.CredentialsProvider` shape
// (refreshCredentials() awaited, then getCredentials()), or an AWS SDK v3 provider function (e.g.
// `fromCognitoIdentityPool(…)`). Asked again on every connection attempt. Unlike src/auth/credentials-source.ts it
// does not know the Node `AwsCredentialsProvider` class, whose module graph reaches node:https.
import { ValidationError } from "../../core/errors.js";
import {
  credentialsUnavailable,
  normalizeCredentials,
  type CredentialsFunction,
  type CredentialsProviderLike,
  type CredentialsSource,
} from "../../auth/credentials.js";

/** Validates `provider` now (ValidationError naming `field`) and returns its source of credentials. */
export function toBrowserCredentialsSource(provider: unknown, field: string): CredentialsSource {
  if (typeof provider === "function") {
    const call = provider as CredentialsFunction;
    const origin = "the credentials provider function";
    return async () => normalizeCredentials(await guarded(() => call(), origin), origin);
  }
  if (typeof provider === "object" && provider !== null && typeof (provider as CredentialsProviderLike).getCredentials === "function") {
    const like = provider as CredentialsProviderLike;
    return async () => {
      if (typeof like.refreshCredentials === "function") await guarded(() => like.refreshCredentials?.(), "refreshCredentials()");
      return normalizeCredentials(await guarded(() => like.getCredentials(), "getCredentials()"), "getCredentials()");
    };
  }
  throw new ValidationError(field, "must be an object with getCredentials() (auth.CredentialsProvider) or a function returning credentials");
}

async function guarded<T>(call: () => T | Promise<T>, origin: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw credentialsUnavailable(`could not get AWS credentials from ${origin}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
