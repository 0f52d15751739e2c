// The `http` namespace: aws-crt's `http` names the MQTT 5 configuration uses (api-iot.md §4) — the proxy options
// with their enums, and the request/headers a websocket handshake transform receives. Browser-safe.
export { HttpHeaders, type HttpHeader } from "./headers.js";
export { HttpRequest } from "./request.js";
export {
  HttpProxyAuthenticationType,
  HttpProxyConnectionType,
  HttpProxyOptions,
  type HttpProxyOptionsLike,
  type TlsConnectionOptionsLike,
} from "./proxy-options.js";
