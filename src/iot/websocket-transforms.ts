// The websocket handshake transforms the IoT builder installs. SigV4: on every connection attempt, credentials are
// resolved again (so rotated or refreshed credentials are used on reconnect) and the upgrade request's path is
// replaced by the presigned one. Custom auth over WebSocket: no change (setting a transform is what selects the
// WebSocket transport, as in aws-crt).
//
// Both use the promise style of our http layer (one declared parameter, resolve = proceed, reject = fail the
// attempt) rather than aws-crt's `done(errorCode)`, so that a failure keeps its typed error (ConnectionError
// `credentialsExpired` / `credentialsUnavailable`) as the `cause` of the attempt's error instead of a bare number.
import type { HttpRequest } from "../http/request.js";
import type { CredentialsSource } from "../auth/credentials.js";
import { presignWebsocketPath } from "../auth/sigv4-presign.js";

/** A transform that signs `request` for IoT Core in `region`, with credentials resolved for this attempt. */
export function createSigv4HandshakeTransform(
  hostName: string,
  region: string,
  credentials: CredentialsSource,
  now: () => Date = () => new Date(),
): (request: HttpRequest) => Promise<void> {
  return async (request: HttpRequest): Promise<void> => {
    // Sign the Host value that is actually sent: IoT Core verifies the signature against it.
    const host = request.headers.get("host", "") || hostName;
    request.path = await presignWebsocketPath({ host, path: request.path, region, credentials: await credentials(), date: now() });
  };
}

/** The custom-auth WebSocket transform: leaves the request as it is. */
export function createPassThroughHandshakeTransform(): (request: HttpRequest) => Promise<void> {
  return async (_request: HttpRequest): Promise<void> => undefined;
}
