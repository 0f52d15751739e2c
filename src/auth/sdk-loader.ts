// Lazy loading of the AWS SDK packages: a user who never signs a request never loads them (DESIGN.md: runtime
// dependencies are loaded on first use). A missing or broken install becomes a typed error naming the package.
import { credentialsUnavailable } from "./credentials.js";

/** `@aws-sdk/credential-providers`, loaded on first use. */
export type CredentialProvidersModule = typeof import("@aws-sdk/credential-providers");

let credentialProviders: Promise<CredentialProvidersModule> | undefined;

/** Loads `@aws-sdk/credential-providers` once. */
export function loadCredentialProviders(): Promise<CredentialProvidersModule> {
  credentialProviders ??= import("@aws-sdk/credential-providers").catch((error: unknown) => {
    credentialProviders = undefined;
    throw credentialsUnavailable("the package @aws-sdk/credential-providers could not be loaded (is it installed?)", error);
  });
  return credentialProviders;
}
