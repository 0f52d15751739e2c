// What the IoT-like front checks in the first MQTT packet (CONNECT, parsed with mqtt-packet, independent of our
// codec): the SDK-metrics suffix of the username, and for custom authentication the authorizer parameters, the
// token signature (RSA-SHA256 over the token value, base64, URI-encoded) and the username/password the
// authorizer expects.
import { verify, type KeyObject } from "node:crypto";

export interface FrontAuthorizer {
  readonly name: string;
  /** Signed authorizers require `tokenKeyName` + a valid `x-amz-customauthorizer-signature`. */
  readonly signing?: { readonly tokenKeyName: string; readonly publicKey: KeyObject };
  /** The "Lambda": accepts only this username (the part before `?`) and password, when given. */
  readonly expectedUsername?: string;
  readonly expectedPassword?: string;
}

/** The username as IoT Core reads it: the part before the last `?` and the query parameters after it. */
export interface ParsedUsername {
  readonly base: string;
  readonly params: ReadonlyMap<string, string>;
}

export interface SdkMetricsSeen {
  readonly sdk: string;
  readonly platform: string;
  readonly metadata: ReadonlyMap<string, string>;
}

export function parseUsername(username: string): ParsedUsername {
  const at = username.lastIndexOf("?");
  const params = new Map<string, string>();
  if (at >= 0) {
    for (const piece of username.slice(at + 1).split("&")) {
      if (piece.length === 0) continue;
      const eq = piece.indexOf("=");
      params.set(eq < 0 ? piece : piece.slice(0, eq), eq < 0 ? "" : piece.slice(eq + 1));
    }
  }
  return { base: at < 0 ? username : username.slice(0, at), params };
}

/** The SDK metrics of the username, or why they are malformed/missing. */
export function readSdkMetrics(parsed: ParsedUsername): SdkMetricsSeen | string {
  const sdk = parsed.params.get("SDK");
  const platform = parsed.params.get("Platform");
  const metadata = parsed.params.get("Metadata");
  if (sdk === undefined || platform === undefined || metadata === undefined) return "the username carries no SDK metrics (SDK, Platform, Metadata)";
  if (!metadata.startsWith("(") || !metadata.endsWith(")")) return "the Metadata parameter is not parenthesised";
  const entries = new Map<string, string>();
  for (const entry of metadata.slice(1, -1).split(";")) {
    const eq = entry.indexOf("=");
    if (eq <= 0) return `malformed Metadata entry "${entry}"`;
    entries.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return { sdk, platform, metadata: entries };
}

export interface CustomAuthDecision {
  readonly ok: boolean;
  readonly reason?: string;
  readonly authorizerName?: string;
  readonly tokenValue?: string;
}

/** IoT Core's custom-authentication decision for a CONNECT username/password. */
export function checkCustomAuth(
  parsed: ParsedUsername,
  password: Buffer | undefined,
  authorizers: ReadonlyMap<string, FrontAuthorizer>,
  defaultAuthorizer: string | undefined,
): CustomAuthDecision {
  const name = parsed.params.get("x-amz-customauthorizer-name") ?? defaultAuthorizer;
  if (name === undefined) return { ok: false, reason: "no authorizer named and no default authorizer" };
  const authorizer = authorizers.get(name);
  if (authorizer === undefined) return { ok: false, reason: `unknown authorizer ${name}`, authorizerName: name };
  let tokenValue: string | undefined;
  if (authorizer.signing !== undefined) {
    tokenValue = parsed.params.get(authorizer.signing.tokenKeyName);
    const encodedSignature = parsed.params.get("x-amz-customauthorizer-signature");
    if (tokenValue === undefined || encodedSignature === undefined) {
      return { ok: false, reason: "signed authorizer: token or signature missing", authorizerName: name };
    }
    let signature: Buffer;
    try {
      signature = Buffer.from(decodeURIComponent(encodedSignature), "base64");
    } catch {
      return { ok: false, reason: "signature is not URI-encoded base64", authorizerName: name };
    }
    if (!verify("RSA-SHA256", Buffer.from(tokenValue, "utf8"), authorizer.signing.publicKey, signature)) {
      return { ok: false, reason: "token signature does not verify", authorizerName: name, tokenValue };
    }
  }
  if (authorizer.expectedUsername !== undefined && parsed.base !== authorizer.expectedUsername) {
    return { ok: false, reason: "the authorizer refused the username", authorizerName: name };
  }
  if (authorizer.expectedPassword !== undefined && password?.toString("utf8") !== authorizer.expectedPassword) {
    return { ok: false, reason: "the authorizer refused the password", authorizerName: name };
  }
  return { ok: true, authorizerName: name, ...(tokenValue === undefined ? {} : { tokenValue }) };
}
