// aws-crt's HTTP proxy options (`http.HttpProxyOptions` and its enums), as the MQTT 5 client configuration takes
// them (`httpProxyOptions`). MQTT always tunnels through the proxy with HTTP CONNECT (api-iot.md §2.8), whatever
// `connection_type` says. Browser-safe: the class only holds values; src/transport/http-proxy.ts does the work.
import type { TlsContextLike } from "../api/config.js";

/** How the client authenticates to the proxy (aws-crt, shared by Node and browser). */
export enum HttpProxyAuthenticationType {
  /** No proxy authentication. */
  None = 0,
  /** `Proxy-Authorization: Basic base64(username:password)` on the CONNECT request. */
  Basic = 1,
}

/** aws-crt's proxy connection types. MQTT connections always tunnel (CONNECT); the value is accepted and ignored. */
export enum HttpProxyConnectionType {
  /** aws-crt: tunnel when `tls_opts` is set, otherwise forward (plain HTTP use only). */
  Legacy = 0,
  /** aws-crt: forward plain HTTP requests (not applicable to MQTT). */
  Forwarding = 1,
  /** CONNECT tunnel: what MQTT always uses. */
  Tunneling = 2,
}

/**
 * TLS to the proxy itself (aws-crt's `io.TlsConnectionOptions` shape): the TLS context, the name for SNI and
 * certificate checks (default: the proxy's host name) and an ALPN list.
 */
export interface TlsConnectionOptionsLike {
  readonly tls_ctx: TlsContextLike;
  readonly server_name?: string | undefined;
  readonly alpn_list?: readonly string[] | undefined;
}

/** The fields the client reads from `httpProxyOptions` (a plain object of this shape works as well as the class). */
export interface HttpProxyOptionsLike {
  /** Proxy host name or IP address. */
  host_name: string;
  /** Proxy port, 1..65,535. */
  port: number;
  /** Default None. */
  auth_method?: HttpProxyAuthenticationType | undefined;
  /** Basic authentication user name (must not contain ':'). */
  auth_username?: string | undefined;
  /** Basic authentication password. Never logged nor put into error messages. */
  auth_password?: string | undefined;
  /** TLS to the proxy (not to the broker: that is the client's `tlsCtx`). Default: plain text to the proxy. */
  tls_opts?: TlsConnectionOptionsLike | undefined;
  /** Accepted for compatibility; MQTT always tunnels with CONNECT. */
  connection_type?: HttpProxyConnectionType | undefined;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** aws-crt's `http.HttpProxyOptions` (Node): where the HTTP proxy is and how to authenticate to it. */
export class HttpProxyOptions implements HttpProxyOptionsLike {
  host_name: string;
  port: number;
  auth_method: HttpProxyAuthenticationType;
  auth_username?: string | undefined;
  auth_password?: string | undefined;
  tls_opts?: TlsConnectionOptionsLike | undefined;
  connection_type?: HttpProxyConnectionType | undefined;

  constructor(
    host_name: string,
    port: number,
    auth_method: HttpProxyAuthenticationType = HttpProxyAuthenticationType.None,
    auth_username?: string,
    auth_password?: string,
    tls_opts?: TlsConnectionOptionsLike,
    connection_type?: HttpProxyConnectionType,
  ) {
    this.host_name = host_name;
    this.port = port;
    this.auth_method = auth_method;
    this.auth_username = auth_username;
    this.auth_password = auth_password;
    this.tls_opts = tls_opts;
    this.connection_type = connection_type;
  }

  /** console.log / util.inspect show the options without the password. */
  [INSPECT](): object {
    return { ...this, auth_password: this.auth_password === undefined ? undefined : "[REDACTED]" };
  }
}
