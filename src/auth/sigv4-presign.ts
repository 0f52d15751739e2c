// SigV4 presigning of the MQTT-over-WebSocket upgrade request for AWS IoT Core, with @smithy/signature-v4 and
// @aws-crypto/sha256-js (pure JS, so the same code signs in browsers), both loaded on first use through
// sigv4-signer.ts (which builds the query). This part, the checks and typed errors, is small and is bundled with
// the client.
//
// IoT Core specifics: service `iotdevicegateway`; only `host` is signed (what browsers can sign too); the payload
// hash is that of the empty body; and `X-Amz-Security-Token` is NOT part of the canonical query — it is appended
// after signing, unlike most AWS services (AWS IoT developer guide, "IAM users, groups, and roles").
import { credentialsExpired, credentialsUnavailable, type AwsCredentials } from "./credentials.js";

/** IoT Core's SigV4 service name for the device gateway. */
export const IOT_DEVICE_GATEWAY_SERVICE = "iotdevicegateway";
/**
 * X-Amz-Expires of the presigned URL. The URL is used once, right away; a day keeps clock skew harmless and is
 * the value AWS's own IoT WebSocket URL samples used.
 */
export const PRESIGNED_URL_EXPIRES_SECONDS = 86_400;

export interface PresignWebsocketRequest {
  /** Value of the Host header the upgrade request carries (signed as is). */
  readonly host: string;
  /** Request target, `/mqtt` or `/mqtt?…` (existing query parameters are kept and signed). */
  readonly path: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** Default IOT_DEVICE_GATEWAY_SERVICE. */
  readonly service?: string;
  /** Signing time. Default: now. */
  readonly date?: Date;
  /** Default PRESIGNED_URL_EXPIRES_SECONDS. */
  readonly expiresInSeconds?: number;
}

let signer: Promise<typeof import("./sigv4-signer.js")> | undefined;

function loadSigner(): Promise<typeof import("./sigv4-signer.js")> {
  signer ??= import("./sigv4-signer.js").catch((error: unknown) => {
    signer = undefined;
    throw credentialsUnavailable("the SigV4 packages @smithy/signature-v4 / @aws-crypto/sha256-js could not be loaded (are they installed?)", error);
  });
  return signer;
}

/**
 * Returns `path` with the SigV4 query parameters (and, after the signature, `X-Amz-Security-Token` when the
 * credentials have a session token). Rejects with a ConnectionError when the credentials already expired.
 */
export async function presignWebsocketPath(request: PresignWebsocketRequest): Promise<string> {
  const date = request.date ?? new Date();
  const { credentials } = request;
  if (credentials.expiration !== undefined && credentials.expiration.getTime() <= date.getTime()) {
    throw credentialsExpired(credentials.expiration);
  }
  const { presignPath } = await loadSigner();
  return presignPath({
    host: request.host,
    path: request.path,
    region: request.region,
    credentials,
    service: request.service ?? IOT_DEVICE_GATEWAY_SERVICE,
    date,
    expiresInSeconds: request.expiresInSeconds ?? PRESIGNED_URL_EXPIRES_SECONDS,
  });
}
