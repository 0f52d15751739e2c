// SigV4 presigning of the MQTT-over-WebSocket upgrade request for AWS IoT Core, with @smithy/signature-v4 and
// @aws-crypto/sha256-js (pure JS, so the same code signs in browsers), both loaded on first use.
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

type SigningModules = [typeof import("@smithy/signature-v4"), typeof import("@aws-crypto/sha256-js")];
let modules: Promise<SigningModules> | undefined;

function loadSigningModules(): Promise<SigningModules> {
  modules ??= Promise.all([import("@smithy/signature-v4"), import("@aws-crypto/sha256-js")]).catch((error: unknown) => {
    modules = undefined;
    throw credentialsUnavailable("the SigV4 packages @smithy/signature-v4 / @aws-crypto/sha256-js could not be loaded (are they installed?)", error);
  });
  return modules;
}

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function sigv4Encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseQuery(query: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const piece of query.split("&")) {
    if (piece.length === 0) continue;
    const at = piece.indexOf("=");
    const key = decodeURIComponent(at < 0 ? piece : piece.slice(0, at));
    result[key] = at < 0 ? "" : decodeURIComponent(piece.slice(at + 1));
  }
  return result;
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
  const [{ SignatureV4 }, { Sha256 }] = await loadSigningModules();
  const signer = new SignatureV4({
    service: request.service ?? IOT_DEVICE_GATEWAY_SERVICE,
    region: request.region,
    sha256: Sha256,
    // The session token is left out on purpose: the signer would put it into the canonical query.
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  });
  const queryAt = request.path.indexOf("?");
  const pathname = queryAt < 0 ? request.path : request.path.slice(0, queryAt);
  const query = queryAt < 0 ? {} : parseQuery(request.path.slice(queryAt + 1));
  const signed = await signer.presign(
    { method: "GET", protocol: "wss:", hostname: request.host, path: pathname, query, headers: { host: request.host } },
    { signingDate: date, expiresIn: request.expiresInSeconds ?? PRESIGNED_URL_EXPIRES_SECONDS },
  );
  const pieces: string[] = [];
  let signature = "";
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    const text = Array.isArray(value) ? value.join(",") : (value ?? "");
    if (key === "X-Amz-Signature") signature = text;
    else pieces.push(`${sigv4Encode(key)}=${sigv4Encode(text)}`);
  }
  pieces.push(`X-Amz-Signature=${signature}`);
  if (credentials.sessionToken !== undefined) pieces.push(`X-Amz-Security-Token=${sigv4Encode(credentials.sessionToken)}`);
  return `${pathname}?${pieces.join("&")}`;
}
