// Inbound topic aliases (server → client): turns the Topic Name / Topic Alias pair of a received PUBLISH into the
// topic it stands for. The table holds the bindings made on this connection only and is reset on every new
// connection [MQTT-3.3.2-7] with the Topic Alias Maximum the client sent in CONNECT (0 or absent = none allowed).
// Failures are ProtocolErrors carrying the reason code to DISCONNECT with: 0x94 Topic Alias Invalid for an alias
// outside 1..maximum, 0x82 Protocol Error for an empty topic that no binding explains.
// Messages describe the problem only; topic names are user data and stay out of them.
import { ProtocolError } from "../errors.js";

const TOPIC_ALIAS_INVALID = 0x94;
const PROTOCOL_ERROR = 0x82;

export class InboundTopicAliasResolver {
  private maximum = 0;
  /** Created on the first binding: most connections never see an alias, and an empty Map still costs ~200 B. */
  private bindings: Map<number, string> | undefined;

  /** New connection: forget every binding; `maximum` is the client's Topic Alias Maximum (0 = aliases not allowed). */
  reset(maximum: number): void {
    this.maximum = Number.isInteger(maximum) && maximum > 0 ? Math.min(maximum, 65535) : 0;
    this.bindings = undefined;
  }

  /** The topic a received PUBLISH is addressed to; throws ProtocolError when the pair is not acceptable. */
  resolve(topicName: string, topicAlias?: number): string {
    if (topicAlias === undefined) {
      if (topicName.length === 0) {
        throw new ProtocolError(PROTOCOL_ERROR, "PUBLISH with an empty Topic Name and no Topic Alias");
      }
      return topicName;
    }
    if (this.maximum === 0) {
      throw new ProtocolError(
        TOPIC_ALIAS_INVALID,
        "PUBLISH carries a Topic Alias although the client allowed none (Topic Alias Maximum 0)",
      ); // [MQTT-3.1.2-27]
    }
    if (topicAlias === 0) {
      throw new ProtocolError(TOPIC_ALIAS_INVALID, "PUBLISH carries Topic Alias 0"); // [MQTT-3.3.2-8]
    }
    if (topicAlias > this.maximum) {
      throw new ProtocolError(
        TOPIC_ALIAS_INVALID,
        `PUBLISH carries Topic Alias ${topicAlias}, above the client's Topic Alias Maximum of ${this.maximum}`,
      ); // [MQTT-3.1.2-26] [MQTT-3.3.2-11]
    }
    if (topicName.length > 0) {
      (this.bindings ??= new Map()).set(topicAlias, topicName); // bind or rebind [MQTT-3.3.2-10]
      return topicName;
    }
    const bound = this.bindings?.get(topicAlias);
    if (bound === undefined) {
      throw new ProtocolError(
        PROTOCOL_ERROR,
        `PUBLISH with an empty Topic Name uses Topic Alias ${topicAlias}, which is not bound on this connection`,
      );
    }
    return bound;
  }
}

/** The resolver of every connection that allows no inbound alias: maximum 0, never bound, never reset. */
export const NO_INBOUND_TOPIC_ALIASES = new InboundTopicAliasResolver();

/**
 * The resolver for a new connection whose CONNECT allowed `maximum` aliases: `current` reset (a fresh one in place of
 * the shared instance), or the shared stateless one when no alias is allowed (the default).
 */
export function inboundTopicAliasesFor(current: InboundTopicAliasResolver, maximum: number): InboundTopicAliasResolver {
  if (!Number.isInteger(maximum) || maximum <= 0) return NO_INBOUND_TOPIC_ALIASES;
  const resolver = current === NO_INBOUND_TOPIC_ALIASES ? new InboundTopicAliasResolver() : current;
  resolver.reset(maximum);
  return resolver;
}
