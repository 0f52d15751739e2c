// aws-crt's `http.HttpRequest`, as far as MQTT uses it: the WebSocket upgrade request a handshake transform may
// edit (assign `path`, mutate `headers`) before it is sent. Browser-safe.
import { HttpHeaders } from "./headers.js";

/** An outgoing HTTP request: method, path (with query), headers. */
export class HttpRequest {
  /** HTTP method, e.g. "GET". */
  method: string;
  /** Request target: path and query, e.g. "/mqtt?x-amz-…". Assign it to change where the request goes. */
  path: string;
  /** Header lines; mutate them in place. */
  readonly headers: HttpHeaders;
  /** aws-crt's `io.InputStream` body; unused by MQTT (the upgrade request has no body). */
  body: unknown;

  constructor(method: string, path: string, headers?: HttpHeaders, body?: unknown) {
    this.method = method;
    this.path = path;
    this.headers = headers ?? new HttpHeaders();
    this.body = body;
  }
}
