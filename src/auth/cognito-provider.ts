// Amazon Cognito identity credentials through `@aws-sdk/credential-providers` (fromCognitoIdentity /
// fromCognitoIdentityPool), with aws-crt's configuration shape. `endpoint` is aws-crt's Cognito Identity host;
// a full URL (`http://127.0.0.1:9000`) is accepted too, for private endpoints and local stand-ins.
import { ValidationError } from "../core/errors.js";
import { normalizeCredentials, credentialsUnavailable, type CredentialsSource } from "./credentials.js";
import { loadCredentialProviders } from "./sdk-loader.js";

/** One identity-provider login (`logins` of GetId / GetCredentialsForIdentity). */
export interface CognitoLoginTokenPair {
  identityProviderName: string;
  identityProviderToken: string;
}

/** aws-crt `auth.CognitoCredentialsProviderConfig`, plus `identityPoolId` and `region`. */
export interface CognitoCredentialsProviderConfig {
  /** Cognito Identity endpoint: a host (`cognito-identity.us-east-1.amazonaws.com`, HTTPS) or a full URL. */
  endpoint: string;
  /** Cognito identity id. Required unless `identityPoolId` is given. */
  identity?: string;
  /** Addition: identity pool id; the identity id is then obtained with GetId (and remembered). */
  identityPoolId?: string;
  /** Logins for authenticated identities. */
  logins?: CognitoLoginTokenPair[];
  /** ARN of the role to assume when the identity has several. */
  customRoleArn?: string;
  /** Addition: region of the endpoint. Default: parsed from `cognito-identity.<region>.amazonaws.com`, else us-east-1. */
  region?: string;
  /** TLS settings for the endpoint (e.g. a private CA): an `io.ClientTlsContext` or anything with `toTlsOptions()`. */
  tlsContext?: object;
  /** aws-crt compatibility; ignored (Node's event loop is used). */
  bootstrap?: object;
  /** Not supported: a ValidationError says so. */
  httpProxyOptions?: object;
}

const COGNITO_HOST = /^cognito-identity(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) throw new ValidationError(field, "must be a non-empty string");
  return value;
}

/** Validates `config` now (throws ValidationError) and returns the source that calls Cognito on demand. */
export function newCognitoSource(config: CognitoCredentialsProviderConfig): CredentialsSource {
  if (typeof config !== "object" || config === null) throw new ValidationError("config", "a Cognito configuration object is required");
  const endpoint = requireString(config.endpoint, "config.endpoint");
  if (config.identity === undefined && config.identityPoolId === undefined) {
    throw new ValidationError("config.identity", "is required (or give config.identityPoolId)");
  }
  const identityId = config.identity === undefined ? undefined : requireString(config.identity, "config.identity");
  const identityPoolId = config.identityPoolId === undefined ? undefined : requireString(config.identityPoolId, "config.identityPoolId");
  if (config.httpProxyOptions !== undefined) {
    throw new ValidationError("config.httpProxyOptions", "is not supported for Cognito by this version of mqtt5-client");
  }
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new ValidationError("config.endpoint", "must be a host name or an http(s) URL");
  }
  const region = config.region ?? COGNITO_HOST.exec(host)?.[1] ?? "us-east-1";
  const logins: Record<string, string> = {};
  for (const [index, pair] of (config.logins ?? []).entries()) {
    logins[requireString(pair?.identityProviderName, `config.logins[${index}].identityProviderName`)] = requireString(
      pair.identityProviderToken,
      `config.logins[${index}].identityProviderToken`,
    );
  }
  const tlsContext = config.tlsContext;
  const origin = `Cognito (${endpoint})`;
  return async () => {
    const sdk = await loadCredentialProviders();
    const clientConfig: { region: string; endpoint: string; requestHandler?: object } = { region, endpoint: url };
    if (tlsContext !== undefined) clientConfig.requestHandler = await httpsHandlerOptions(tlsContext);
    const common = { clientConfig, ...(Object.keys(logins).length > 0 ? { logins } : {}), ...(config.customRoleArn === undefined ? {} : { customRoleArn: config.customRoleArn }) };
    const provider =
      identityId !== undefined
        ? sdk.fromCognitoIdentity({ ...common, identityId })
        : sdk.fromCognitoIdentityPool({ ...common, identityPoolId: identityPoolId as string });
    let credentials: unknown;
    try {
      credentials = await provider();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw credentialsUnavailable(`could not get AWS credentials from ${origin}: ${detail}`, error);
    }
    return normalizeCredentials(credentials, origin);
  };
}

/** NodeHttpHandler options with an https.Agent built from the TLS context (loaded only when used). */
async function httpsHandlerOptions(tlsContext: object): Promise<object> {
  const toTlsOptions = (tlsContext as { toTlsOptions?: () => unknown }).toTlsOptions;
  const options = typeof toTlsOptions === "function" ? toTlsOptions.call(tlsContext) : tlsContext;
  const { alpnProtocols: _alpn, ...agentOptions } = options as { alpnProtocols?: unknown };
  const { Agent } = await import("node:https");
  return { httpsAgent: new Agent({ ...agentOptions, keepAlive: false }) };
}
