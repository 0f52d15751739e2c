// Verifies a SigV4-presigned WebSocket upgrade request the way AWS IoT Core does, with an implementation that is
// independent of the code under test: the `aws4` package computes the expected signature from the request as
// received. IoT Core rules checked: service iotdevicegateway, the front's region, date within the allowed skew and
// not past X-Amz-Expires, a known and unexpired access key, the session token present (when the key has one) and
// NOT part of the signed canonical query (it is appended after signing).
import aws4 from "aws4";

export interface FrontCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** The key is known but its session has expired (IoT Core answers 403). */
  readonly expired?: boolean;
}

export interface Sigv4Check {
  readonly ok: boolean;
  /** Why the request was refused (403 body). */
  readonly reason?: string;
  readonly accessKeyId?: string;
  readonly signedHeaders?: string;
  readonly hadSessionToken?: boolean;
  readonly expiresSeconds?: number;
}

export interface Sigv4VerifyInput {
  /** Request target as received, e.g. `/mqtt?X-Amz-Algorithm=…`. */
  readonly target: string;
  /** Received headers, lower-case names (node:http's `req.headers`). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly region: string;
  readonly credentials: ReadonlyMap<string, FrontCredentials>;
  readonly nowMs: number;
  readonly allowedSkewMs: number;
}

const SERVICE = "iotdevicegateway";

function refuse(reason: string, extra: Partial<Sigv4Check> = {}): Sigv4Check {
  return { ok: false, reason, ...extra };
}

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Checks one presigned request. Never throws. */
export function verifySigv4Request(input: Sigv4VerifyInput): Sigv4Check {
  const url = new URL(input.target, "https://front.invalid");
  const query = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (query.has(key)) return refuse(`duplicate query parameter ${key}`);
    query.set(key, value);
  }
  if (query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return refuse("X-Amz-Algorithm must be AWS4-HMAC-SHA256");
  const signature = query.get("X-Amz-Signature");
  const credential = query.get("X-Amz-Credential");
  const amzDate = query.get("X-Amz-Date");
  const signedHeaders = query.get("X-Amz-SignedHeaders");
  if (signature === undefined || credential === undefined || amzDate === undefined || signedHeaders === undefined) {
    return refuse("missing SigV4 query parameters");
  }
  const [accessKeyId = "", day = "", region = "", service = "", terminator = ""] = credential.split("/");
  const common = { accessKeyId, signedHeaders, hadSessionToken: query.has("X-Amz-Security-Token") };
  if (service !== SERVICE || terminator !== "aws4_request") return refuse(`credential scope must be …/${SERVICE}/aws4_request`, common);
  if (region !== input.region) return refuse(`credential scope region ${region} is not ${input.region}`, common);
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || !amzDate.startsWith(day)) return refuse("X-Amz-Date malformed or not matching the scope date", common);
  if (Math.abs(input.nowMs - signedAt) > input.allowedSkewMs) return refuse("Signature expired: X-Amz-Date is outside the allowed clock skew", common);
  const expiresText = query.get("X-Amz-Expires");
  const expiresSeconds = expiresText === undefined ? undefined : Number(expiresText);
  if (expiresSeconds !== undefined && (!Number.isInteger(expiresSeconds) || input.nowMs > signedAt + expiresSeconds * 1000)) {
    return refuse("Signature expired: past X-Amz-Expires", common);
  }
  const known = input.credentials.get(accessKeyId);
  if (known === undefined) return refuse("The security token included in the request is invalid (unknown access key)", common);
  if (known.expired === true) return refuse("The security token included in the request is expired", common);
  const token = query.get("X-Amz-Security-Token");
  if (known.sessionToken !== undefined && token !== known.sessionToken) return refuse("missing or wrong X-Amz-Security-Token", common);

  // Recompute with aws4 over exactly what was received: the query minus signature and token, the signed headers.
  const signedQuery = [...query].filter(([key]) => key !== "X-Amz-Signature" && key !== "X-Amz-Security-Token");
  const headers: Record<string, string> = {};
  const extraHeadersToInclude: Record<string, boolean> = {};
  for (const name of signedHeaders.split(";")) {
    const value = input.headers[name];
    if (value === undefined) return refuse(`signed header ${name} is missing from the request`, common);
    headers[name] = Array.isArray(value) ? value.join(",") : value;
    extraHeadersToInclude[name] = true; // aws4 skips e.g. `connection` unless told; the client decides what it signed
  }
  const signer = new aws4.RequestSigner(
    {
      host: headers.host ?? "",
      method: "GET",
      path: `${url.pathname}?${signedQuery.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`,
      service: SERVICE,
      region: input.region,
      signQuery: true,
      headers,
      extraHeadersToInclude,
    } as aws4.Request,
    { accessKeyId, secretAccessKey: known.secretAccessKey },
  );
  signer.prepareRequest(); // takes the date from X-Amz-Date (signature() alone would sign with "now")
  const expected = signer.signature();
  if (signer.signedHeaders() !== signedHeaders) return refuse(`X-Amz-SignedHeaders ${signedHeaders} does not list the request's headers`, common);
  if (expected !== signature) {
    return refuse("The request signature we calculated does not match the signature you provided", common);
  }
  return { ok: true, ...common, ...(expiresSeconds === undefined ? {} : { expiresSeconds }) };
}
