// A local HTTP stand-in for the Amazon Cognito Identity JSON API (awsJson1_1: POST /, header
// `X-Amz-Target: AWSCognitoIdentityService.<Operation>`), enough for the AWS SDK's fromCognitoIdentity /
// fromCognitoIdentityPool: GetId and GetCredentialsForIdentity. It hands out the credentials the test configured
// (so the IoT front can be told to accept them) and records every call. With `cors` it also answers a browser's
// cross-origin fetch (preflight and Access-Control-* headers), for SDK clients running in a page.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";

export interface CognitoIssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Default: one hour from the call. */
  readonly expiration?: Date;
}

export interface CognitoStandInOptions {
  /** identity pool id → identity id that GetId returns. */
  readonly pools?: Readonly<Record<string, string>>;
  /** identity id → credentials for GetCredentialsForIdentity (a function to change them per call). */
  readonly identities: Readonly<Record<string, CognitoIssuedCredentials | (() => CognitoIssuedCredentials)>>;
  /** When set, GetCredentialsForIdentity requires exactly these logins. */
  readonly requiredLogins?: Readonly<Record<string, string>>;
  /** Serve HTTPS with this key and certificate (endpoint `https://localhost:<port>`). Default: plain HTTP. */
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  /**
   * Answer CORS: a page's fetch to the stand-in is cross-origin (another port), and the SDK's JSON content type and
   * X-Amz-Target / amz-sdk-* headers make the browser send a preflight OPTIONS first. Default false.
   */
  readonly cors?: boolean;
}

export interface CognitoCall {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  /** The request's Origin header: set when a browser page made the call. */
  readonly origin?: string;
}

export interface CognitoStandIn {
  /** `http://127.0.0.1:<port>` (or `https://localhost:<port>`) — pass as the provider's `endpoint`. */
  readonly endpoint: string;
  readonly calls: CognitoCall[];
  close(): Promise<void>;
}

function reply(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "stand-in", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

/** CORS headers for `request` (set on the response before reply() writes its head). */
function allowCrossOrigin(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("Access-Control-Allow-Origin", request.headers.origin ?? "*");
  response.setHeader("Vary", "Origin");
  // The SDK reads the request id from the response; without this a browser hides it.
  response.setHeader("Access-Control-Expose-Headers", "x-amzn-RequestId");
}

/** Answers a preflight: any method and headers the page asks for (a stand-in has nothing to protect). */
function preflight(request: IncomingMessage, response: ServerResponse): void {
  allowCrossOrigin(request, response);
  response.setHeader("Access-Control-Allow-Methods", String(request.headers["access-control-request-method"] ?? "POST"));
  const headers = request.headers["access-control-request-headers"];
  if (headers !== undefined) response.setHeader("Access-Control-Allow-Headers", headers);
  response.writeHead(204).end();
}

function error(response: ServerResponse, type: string, message: string): void {
  reply(response, 400, { __type: type, message });
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text.length === 0 ? {} : (JSON.parse(text) as Record<string, unknown>);
}

export async function startCognitoStandIn(options: CognitoStandInOptions): Promise<CognitoStandIn> {
  const calls: CognitoCall[] = [];
  const listener: RequestListener = (request, response) => {
    if (options.cors === true) {
      if (request.method === "OPTIONS") {
        preflight(request, response);
        return;
      }
      allowCrossOrigin(request, response);
    }
    void (async () => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const operation = target.replace(/^AWSCognitoIdentityService\./, "");
      let body: Record<string, unknown>;
      try {
        body = await readJson(request);
      } catch {
        error(response, "InvalidParameterException", "body is not JSON");
        return;
      }
      calls.push({ operation, body, ...(request.headers.origin === undefined ? {} : { origin: request.headers.origin }) });
      if (request.method !== "POST" || !target.startsWith("AWSCognitoIdentityService.")) {
        error(response, "UnknownOperationException", `unexpected ${request.method} ${target}`);
        return;
      }
      if (operation === "GetId") {
        const identityId = options.pools?.[String(body.IdentityPoolId)];
        if (identityId === undefined) error(response, "ResourceNotFoundException", "IdentityPool not found");
        else reply(response, 200, { IdentityId: identityId });
        return;
      }
      if (operation === "GetCredentialsForIdentity") {
        const entry = options.identities[String(body.IdentityId)];
        if (entry === undefined) {
          error(response, "ResourceNotFoundException", "Identity not found");
          return;
        }
        if (options.requiredLogins !== undefined && JSON.stringify(body.Logins ?? {}) !== JSON.stringify(options.requiredLogins)) {
          error(response, "NotAuthorizedException", "Invalid login token");
          return;
        }
        const issued = typeof entry === "function" ? entry() : entry;
        const expiration = issued.expiration ?? new Date(Date.now() + 3_600_000);
        reply(response, 200, {
          IdentityId: body.IdentityId,
          Credentials: {
            AccessKeyId: issued.accessKeyId,
            SecretKey: issued.secretAccessKey,
            SessionToken: issued.sessionToken,
            Expiration: expiration.getTime() / 1000,
          },
        });
        return;
      }
      error(response, "UnknownOperationException", `operation ${operation} is not implemented by the stand-in`);
    })();
  };
  const server: Server = options.tls === undefined ? createServer(listener) : createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: options.tls === undefined ? `http://127.0.0.1:${port}` : `https://localhost:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
