// `auth.AwsCredentialsProvider`: aws-crt's credentials-provider factories (api-iot.md §5.1) plus the additions
// this library offers (profile, environment, delegate). Each provider is a recipe: nothing is loaded or fetched
// until a connection attempt asks for credentials, and each attempt asks again, so rotated or refreshed
// credentials are picked up on reconnect. The AWS SDK providers are loaded lazily (sdk-loader.ts).
import { ValidationError } from "../core/errors.js";
import { CredentialsProvider } from "./credentials-provider.js";
import { newCognitoSource, type CognitoCredentialsProviderConfig } from "./cognito-provider.js";
import {
  cachedUntilNearExpiry,
  credentialsUnavailable,
  normalizeCredentials,
  stringLikeToString,
  type AwsCredentials,
  type AWSCredentials,
  type CredentialsFunction,
  type CredentialsSource,
  type StringLike,
} from "./credentials.js";
import { loadCredentialProviders } from "./sdk-loader.js";
import { newX509Source, type X509CredentialsConfig } from "./x509-provider.js";

/** Where to look up a named profile (addition to aws-crt). */
export interface ProfileProviderOptions {
  /** Profile name. Default: `$AWS_PROFILE`, else `default`. */
  profile?: string;
  /** Shared credentials file. Default: `$AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  credentialsFilePath?: string;
  /** Shared config file. Default: `$AWS_CONFIG_FILE`, else `~/.aws/config`. */
  configFilePath?: string;
}

/**
 * A source of AWS credentials for SigV4 signing. Create one with a static factory; pass it as
 * `credentialsProvider` of `iot.WebsocketSigv4Config`.
 */
export class AwsCredentialsProvider extends CredentialsProvider {
  readonly #source: CredentialsSource;
  #latest: AwsCredentials | undefined;
  /** What kind of provider this is (`default`, `static`, `profile`, …), for logs and errors. */
  readonly kind: string;

  private constructor(kind: string, source: CredentialsSource) {
    super();
    this.kind = kind;
    this.#source = source;
  }

  /**
   * The AWS SDK default chain (`fromNodeProviderChain`): environment → SSO → shared config/credentials files
   * (profiles) → credential_process → web identity token → container and instance metadata. Node only.
   * `bootstrap` is accepted for aws-crt compatibility and ignored.
   */
  static newDefault(_bootstrap?: object): AwsCredentialsProvider {
    let chain: (() => Promise<unknown>) | undefined;
    return new AwsCredentialsProvider("default", async () => {
      if (chain === undefined) {
        const sdk = await loadCredentialProviders();
        // ignoreCache: profile files are read again after the SDK's own cache of resolved credentials expires.
        chain = sdk.fromNodeProviderChain({ ignoreCache: true });
      }
      return normalizeCredentials(await fromSdk(chain, "the default credentials chain"), "the default credentials chain");
    });
  }

  /** Fixed credentials. Keys may be text or UTF-8 bytes (aws-crt `StringLike`). */
  static newStatic(access_key: StringLike, secret_key: StringLike, session_token?: StringLike): AwsCredentialsProvider {
    const accessKeyId = stringLikeToString(access_key, "access_key", true) as string;
    const secretAccessKey = stringLikeToString(secret_key, "secret_key", true) as string;
    const sessionToken = stringLikeToString(session_token, "session_token", false);
    const credentials: AwsCredentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
    return new AwsCredentialsProvider("static", () => Promise.resolve(credentials));
  }

  /**
   * Addition: one profile of the shared config/credentials files (`fromIni`: static keys, role assumption,
   * SSO, credential_process). The files are read again on every connection attempt. Node only.
   */
  static newProfile(options: ProfileProviderOptions = {}): AwsCredentialsProvider {
    if (typeof options !== "object" || options === null) throw new ValidationError("options", "must be an object");
    for (const field of ["profile", "credentialsFilePath", "configFilePath"] as const) {
      if (options[field] !== undefined && typeof options[field] !== "string") throw new ValidationError(`options.${field}`, "must be a string");
    }
    const init: { profile?: string; filepath?: string; configFilepath?: string; ignoreCache: true } = { ignoreCache: true };
    if (options.profile !== undefined) init.profile = options.profile;
    if (options.credentialsFilePath !== undefined) init.filepath = options.credentialsFilePath;
    if (options.configFilePath !== undefined) init.configFilepath = options.configFilePath;
    const origin = `profile ${options.profile ?? "(default)"}`;
    return new AwsCredentialsProvider("profile", async () => {
      const sdk = await loadCredentialProviders();
      return normalizeCredentials(await fromSdk(sdk.fromIni(init), origin), origin);
    });
  }

  /** Addition: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, read on every attempt. */
  static newEnvironment(): AwsCredentialsProvider {
    return new AwsCredentialsProvider("environment", async () => {
      const sdk = await loadCredentialProviders();
      return normalizeCredentials(await fromSdk(sdk.fromEnv(), "the environment"), "the environment");
    });
  }

  /**
   * Amazon Cognito identity credentials (GetCredentialsForIdentity, or GetId first when only `identityPoolId`
   * is given), cached until five minutes before they expire.
   */
  static newCognito(config: CognitoCredentialsProviderConfig): AwsCredentialsProvider {
    return new AwsCredentialsProvider("cognito", cachedUntilNearExpiry(newCognitoSource(config)));
  }

  /**
   * AWS IoT credentials provider (`https://<endpoint>/role-aliases/<roleAlias>/credentials` over mutual TLS with
   * the device certificate), cached until five minutes before they expire. Node only.
   */
  static newX509(config: X509CredentialsConfig): AwsCredentialsProvider {
    return new AwsCredentialsProvider("x509", cachedUntilNearExpiry(newX509Source(config)));
  }

  /**
   * Addition: credentials from your own (async) function, called on every connection attempt. Cache in the
   * function if fetching is expensive. Also accepts any AWS SDK v3 credential provider (`fromSSO()`, …).
   */
  static newDelegate(getCredentials: CredentialsFunction): AwsCredentialsProvider {
    if (typeof getCredentials !== "function") throw new ValidationError("getCredentials", "must be a function");
    return new AwsCredentialsProvider("delegate", async () => normalizeCredentials(await fromSdk(getCredentials, "the delegate"), "the delegate"));
  }

  /** Addition: resolves the credentials a connection attempt would sign with now. */
  async resolveCredentials(): Promise<AwsCredentials> {
    this.#latest = await this.#source();
    return this.#latest;
  }

  /** Browser-style interface: fetches credentials now (connections do this by themselves on every attempt). */
  override async refreshCredentials(): Promise<void> {
    await this.resolveCredentials();
  }

  /** Browser-style interface: the credentials of the last resolution, in aws-crt's browser shape. */
  override getCredentials(): AWSCredentials | undefined {
    const latest = this.#latest;
    if (latest === undefined) return undefined;
    const result: AWSCredentials = { aws_access_id: latest.accessKeyId, aws_secret_key: latest.secretAccessKey };
    if (latest.sessionToken !== undefined) result.aws_sts_token = latest.sessionToken;
    return result;
  }
}

/** Calls an SDK-style provider; anything it throws becomes a typed ConnectionError naming `origin`. */
async function fromSdk(provider: () => unknown, origin: string): Promise<unknown> {
  try {
    return await provider();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw credentialsUnavailable(`could not get AWS credentials from ${origin}: ${detail}`, error);
  }
}
