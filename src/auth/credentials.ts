// AWS credentials as the SigV4 signer consumes them, and the ways users may hand them to us: an
// AwsCredentialsProvider, an AWS SDK v3 style provider function, or a browser-CRT style object with
// getCredentials()/refreshCredentials(). Browser-safe: no Node imports.
import { ConnectionError, ValidationError } from "../core/errors.js";

/** One set of AWS credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Session token of temporary credentials (STS, Cognito, SSO, …). */
  readonly sessionToken?: string;
  /** When temporary credentials stop working. */
  readonly expiration?: Date;
}

/** aws-crt's browser credential shape (`auth.AWSCredentials`). */
export interface AWSCredentials {
  aws_region?: string;
  aws_access_id: string;
  aws_secret_key: string;
  aws_sts_token?: string;
}

/** aws-crt's browser `auth.CredentialsProvider` shape: refreshed before each signing, then read. */
export interface CredentialsProviderLike {
  getCredentials(): AWSCredentials | undefined;
  refreshCredentials?(): Promise<void>;
}

/** An AWS SDK v3 style credential provider (`AwsCredentialIdentityProvider`). */
export type CredentialsFunction = () => Promise<AwsCredentials> | AwsCredentials;

/** Resolves credentials for one signing; each call may return new ones (rotation, refresh). */
export type CredentialsSource = () => Promise<AwsCredentials>;

/** aws-crt's `StringLike`: text, or its UTF-8 bytes. */
export type StringLike = string | ArrayBuffer | ArrayBufferView;

/** `value` as text; ValidationError naming `field` when it is neither text nor bytes, or empty when `required`. */
export function stringLikeToString(value: unknown, field: string, required: boolean): string | undefined {
  let text: string | undefined;
  if (typeof value === "string") text = value;
  else if (value instanceof ArrayBuffer) text = new TextDecoder().decode(new Uint8Array(value));
  else if (ArrayBuffer.isView(value)) text = new TextDecoder().decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  else if (value !== undefined && value !== null) throw new ValidationError(field, "must be a string, an ArrayBuffer or an ArrayBufferView");
  if (required && (text === undefined || text.length === 0)) throw new ValidationError(field, "must be a non-empty string");
  return text === undefined || text.length === 0 ? undefined : text;
}

/** Checks what a provider returned and copies it into our shape (never keeping the provider's object). */
export function normalizeCredentials(value: unknown, origin: string): AwsCredentials {
  if (typeof value !== "object" || value === null) {
    throw credentialsUnavailable(`${origin} returned no credentials`);
  }
  const record = value as Record<string, unknown>;
  const accessKeyId = record.accessKeyId ?? record.aws_access_id;
  const secretAccessKey = record.secretAccessKey ?? record.aws_secret_key;
  const sessionToken = record.sessionToken ?? record.aws_sts_token;
  if (typeof accessKeyId !== "string" || accessKeyId.length === 0 || typeof secretAccessKey !== "string" || secretAccessKey.length === 0) {
    throw credentialsUnavailable(`${origin} returned credentials without an access key id or secret access key`);
  }
  const result: { -readonly [K in keyof AwsCredentials]: AwsCredentials[K] } = { accessKeyId, secretAccessKey };
  if (typeof sessionToken === "string" && sessionToken.length > 0) result.sessionToken = sessionToken;
  if (record.expiration instanceof Date) result.expiration = record.expiration;
  return result;
}

/** The typed error of a connection attempt whose credentials could not be obtained. */
export function credentialsUnavailable(message: string, cause?: unknown): ConnectionError {
  return new ConnectionError("credentialsUnavailable", message, { cause, crtName: "AWS_AUTH_SIGNING_NO_CREDENTIALS" });
}

/** The typed error of a connection attempt whose credentials have already expired. */
export function credentialsExpired(expiration: Date): ConnectionError {
  return new ConnectionError("credentialsExpired", `the AWS credentials expired at ${expiration.toISOString()}`, {
    crtName: "AWS_AUTH_SIGNING_NO_CREDENTIALS",
  });
}

/**
 * Wraps `source` so temporary credentials are reused until five minutes before they expire (what the AWS SDKs
 * and aws-crt do); credentials without an expiration are fetched again on every call.
 */
export function cachedUntilNearExpiry(source: CredentialsSource, nowMs: () => number = Date.now): CredentialsSource {
  const REFRESH_MARGIN_MS = 5 * 60 * 1000;
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return async () => {
    if (cached?.expiration !== undefined && cached.expiration.getTime() - nowMs() > REFRESH_MARGIN_MS) return cached;
    pending ??= source().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached;
  };
}
