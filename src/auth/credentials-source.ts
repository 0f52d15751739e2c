// Turns whatever the user passed as `credentialsProvider` into one CredentialsSource: an AwsCredentialsProvider
// (aws-crt Node), an object with getCredentials()/refreshCredentials() (aws-crt browser `auth.CredentialsProvider`),
// or an AWS SDK v3 credential provider function.
import { ValidationError } from "../core/errors.js";
import { AwsCredentialsProvider } from "./aws-credentials-provider.js";
import { credentialsUnavailable, normalizeCredentials, type CredentialsFunction, type CredentialsProviderLike, type CredentialsSource } from "./credentials.js";

/** Anything accepted as `WebsocketSigv4Config.credentialsProvider`. */
export type CredentialsProviderInput = AwsCredentialsProvider | CredentialsProviderLike | CredentialsFunction;

/** Validates `provider` now (ValidationError naming `field`) and returns its source of credentials. */
export function toCredentialsSource(provider: unknown, field: string): CredentialsSource {
  if (provider instanceof AwsCredentialsProvider) return () => provider.resolveCredentials();
  if (typeof provider === "function") {
    const call = provider as CredentialsFunction;
    return async () => normalizeCredentials(await guarded(() => call(), "the credentials provider function"), "the credentials provider function");
  }
  if (typeof provider === "object" && provider !== null && typeof (provider as CredentialsProviderLike).getCredentials === "function") {
    const like = provider as CredentialsProviderLike;
    return async () => {
      if (typeof like.refreshCredentials === "function") await guarded(() => like.refreshCredentials?.(), "refreshCredentials()");
      return normalizeCredentials(await guarded(() => like.getCredentials(), "getCredentials()"), "getCredentials()");
    };
  }
  throw new ValidationError(field, "must be an auth.AwsCredentialsProvider, an object with getCredentials(), or a function returning credentials");
}

async function guarded<T>(call: () => T | Promise<T>, origin: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw credentialsUnavailable(`could not get AWS credentials from ${origin}: ${detail}`, error);
  }
}
