// The part of SigV4 presigning that needs the AWS signing packages (@smithy/signature-v4, @aws-crypto/sha256-js),
// loaded by sigv4-presign.ts on first use. It imports nothing else of this library at run time, so a bundler puts
// it and the packages into chunks of their own that share no code with the client: the client stays one file.
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import type { AwsCredentials } from "./credentials.js";

/** What presignWebsocketPath() asks for, its defaults applied. */
export interface SigningRequest {
  readonly host: string;
  readonly path: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly service: string;
  readonly date: Date;
  readonly expiresInSeconds: number;
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

/** `path` with the SigV4 query parameters and, after the signature, `X-Amz-Security-Token` when there is one. */
export async function presignPath(request: SigningRequest): Promise<string> {
  const { credentials } = request;
  const signer = new SignatureV4({
    service: request.service,
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
    { signingDate: request.date, expiresIn: request.expiresInSeconds },
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
