// io.TlsConnectionOptions: per-connection TLS settings on top of a TlsContext (a server name for SNI and
// certificate checks, an ALPN list). The MQTT 5 client itself only uses it for TLS to an HTTP proxy.
import { ValidationError } from "../core/errors.js";
import type { TlsOptions } from "../transport/tls.js";
import { TlsContext } from "./client-tls-context.js";

export class TlsConnectionOptions {
  /**
   * @param tls_ctx the context (certificates, trust, versions)
   * @param server_name host name for SNI and certificate verification; default: the host connected to
   * @param alpn_list ALPN protocols; a non-empty list replaces the context's
   */
  constructor(
    readonly tls_ctx: TlsContext,
    readonly server_name?: string,
    readonly alpn_list: string[] = [],
  ) {
    if (!(tls_ctx instanceof TlsContext)) throw new ValidationError("tls_ctx", "must be an io.ClientTlsContext");
    if (server_name !== undefined && (typeof server_name !== "string" || server_name.length === 0)) {
      throw new ValidationError("server_name", "must be a non-empty string");
    }
    if (!Array.isArray(alpn_list) || !alpn_list.every((protocol) => typeof protocol === "string" && protocol.length > 0)) {
      throw new ValidationError("alpn_list", "must be a list of non-empty protocol names");
    }
  }

  /** The context's node:tls settings with this connection's server name and ALPN list applied. */
  toTlsOptions(): TlsOptions {
    const options = this.tls_ctx.toTlsOptions();
    if (this.server_name !== undefined) options.servername = this.server_name;
    if (this.alpn_list.length > 0) options.alpnProtocols = [...this.alpn_list];
    return options;
  }
}
