// AWS IoT credentials provider: exchanges the device's X.509 certificate (mutual TLS) for temporary AWS
// credentials of a role alias — `GET https://<endpoint>/role-aliases/<roleAlias>/credentials` with header
// `x-amzn-iot-thingname`. node:https is loaded only when a provider of this kind is first asked for credentials.
import { ValidationError } from "../core/errors.js";
import { credentialsUnavailable, normalizeCredentials, type CredentialsSource } from "./credentials.js";

/** aws-crt `auth.X509CredentialsConfig`. */
export interface X509CredentialsConfig {
  /** The account's credentials-provider endpoint (`aws iot describe-endpoint --endpoint-type iot:CredentialProvider`); a full https URL is accepted too. */
  endpoint: string;
  thingName: string;
  roleAlias: string;
  /** Holds the device certificate and key: an `io.ClientTlsContext` (or anything with `toTlsOptions()`). */
  tlsContext: object;
  /** Not supported: a ValidationError says so. */
  httpProxyOptions?: object;
}

const REQUEST_TIMEOUT_MS = 10_000;
const MAXIMUM_RESPONSE_BYTES = 64 * 1024;

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) throw new ValidationError(field, "must be a non-empty string");
  return value;
}

/** Validates `config` now and returns the source that calls the credentials endpoint on demand. */
export function newX509Source(config: X509CredentialsConfig): CredentialsSource {
  if (typeof config !== "object" || config === null) throw new ValidationError("config", "an X.509 credentials configuration object is required");
  const endpoint = requireString(config.endpoint, "config.endpoint");
  const thingName = requireString(config.thingName, "config.thingName");
  const roleAlias = requireString(config.roleAlias, "config.roleAlias");
  if (typeof config.tlsContext !== "object" || config.tlsContext === null) throw new ValidationError("config.tlsContext", "is required (it holds the device certificate)");
  if (config.httpProxyOptions !== undefined) {
    throw new ValidationError("config.httpProxyOptions", "is not supported for X.509 credentials by this version of mqtt5-client");
  }
  const base = /^https:\/\//i.test(endpoint) ? endpoint.replace(/\/+$/, "") : `https://${endpoint}`;
  const url = new URL(`${base}/role-aliases/${encodeURIComponent(roleAlias)}/credentials`);
  const tlsContext = config.tlsContext as { toTlsOptions?: () => object };
  const origin = `the IoT credentials provider (${url.host})`;
  return async () => {
    const tls = typeof tlsContext.toTlsOptions === "function" ? tlsContext.toTlsOptions() : tlsContext;
    const { status, body } = await httpsGet(url, { "x-amzn-iot-thingname": thingName }, tls, origin);
    if (status !== 200) throw credentialsUnavailable(`${origin} answered HTTP ${status}: ${body.slice(0, 200)}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw credentialsUnavailable(`${origin} answered something that is not JSON`, error);
    }
    const credentials = (parsed as { credentials?: Record<string, unknown> } | null)?.credentials;
    const expiration = typeof credentials?.expiration === "string" ? new Date(credentials.expiration) : undefined;
    return normalizeCredentials({ ...credentials, expiration }, origin);
  };
}

async function httpsGet(url: URL, headers: Record<string, string>, tls: object, origin: string): Promise<{ status: number; body: string }> {
  const { request } = await import("node:https");
  return new Promise((resolve, reject) => {
    const { alpnProtocols: _alpn, ...agentTls } = tls as { alpnProtocols?: unknown };
    const req = request(url, { method: "GET", headers, ...agentTls, agent: false, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAXIMUM_RESPONSE_BYTES) req.destroy(new Error("response too large"));
        else chunks.push(chunk);
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", (error) => reject(credentialsUnavailable(`${origin}: ${error.message}`, error)));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", (error) => reject(credentialsUnavailable(`could not reach ${origin}: ${error.message}`, error)));
    req.end();
  });
}
