// Outbound topic aliases (client → server), decided when a PUBLISH is encoded for the wire. The stored publish is
// never modified: a PUBLISH resent after a reconnect goes through a freshly reset resolver and carries its full
// topic again [MQTT-3.3.2-7]. The core calls `resolve` exactly once per PUBLISH it writes, and `reset` on every
// new connection with the server's Topic Alias Maximum (CONNACK; 0 when absent = aliases forbidden).
//
// Behaviours (api-surface.md §2.5, behavior.md §9):
// - Default / Disabled: any alias the user set is stripped; the full topic is always sent.
// - Manual: the user's alias is used. If it is bound to exactly this topic on this connection, only the alias is
//   sent (empty topic); otherwise alias + full topic are sent and the alias is (re)bound. An alias of 0 or above the
//   server's maximum throws ValidationError, so the core fails that one publish (aws-c-mqtt tears the connection
//   down and leaks the publish: behavior.md §14.5).
// - LRU: user aliases are ignored; the capacity is min(configured cache size, server maximum) (aws-c-mqtt ignores
//   the configured size: §14.4). Hit → alias only, entry becomes most recent; miss with room → the next alias
//   number, alias + topic; miss when full → the least recently used entry's alias is reused for the new topic.
import { ValidationError } from "../errors.js";
import { OutboundTopicAliasBehaviorType } from "../model/enums.js";

/** What to put in the PUBLISH: `topicName` is "" when the alias alone identifies the topic. */
export interface ResolvedTopic {
  topicName: string;
  topicAlias?: number;
}

const DEFAULT_CACHE_MAX_SIZE = 25;

export class OutboundTopicAliasResolver {
  private readonly behavior: OutboundTopicAliasBehaviorType;
  private readonly cacheMaxSize: number;
  private serverMaximum = 0;
  // Both tables are created on first use (each empty Map costs ~200 B, and most clients never alias).
  /** Manual: alias → topic bound on this connection. */
  private manualBindings: Map<number, string> | undefined;
  /** LRU: topic → alias, in recency order (first = least recently used; a hit is deleted and re-inserted). */
  private lruBindings: Map<string, number> | undefined;
  private lruCapacity = 0;

  /** `cacheMaxSize` 0 (or not a positive integer) means the default of 25. */
  constructor(behavior: OutboundTopicAliasBehaviorType, cacheMaxSize: number) {
    this.behavior = behavior === OutboundTopicAliasBehaviorType.Default ? OutboundTopicAliasBehaviorType.Disabled : behavior;
    this.cacheMaxSize = Number.isInteger(cacheMaxSize) && cacheMaxSize > 0 ? cacheMaxSize : DEFAULT_CACHE_MAX_SIZE;
  }

  /** New connection: forget every binding [MQTT-3.3.2-7]; `serverTopicAliasMaximum` is the CONNACK value (0 if absent). */
  reset(serverTopicAliasMaximum: number): void {
    // Disabled has no state to reset (resolve() ignores the maximum), so one instance serves every client.
    if (this.behavior === OutboundTopicAliasBehaviorType.Disabled) return;
    this.serverMaximum =
      Number.isInteger(serverTopicAliasMaximum) && serverTopicAliasMaximum > 0 ? Math.min(serverTopicAliasMaximum, 65535) : 0;
    this.manualBindings = undefined;
    this.lruBindings = undefined;
    this.lruCapacity = Math.min(this.cacheMaxSize, this.serverMaximum);
  }

  /** Topic name and alias for a PUBLISH to `topicName`; `requestedAlias` is the user's alias (Manual only). */
  resolve(topicName: string, requestedAlias?: number): ResolvedTopic {
    switch (this.behavior) {
      case OutboundTopicAliasBehaviorType.Manual:
        return this.resolveManual(topicName, requestedAlias);
      case OutboundTopicAliasBehaviorType.LRU:
        return this.resolveLru(topicName);
      default:
        return { topicName };
    }
  }

  private resolveManual(topicName: string, alias: number | undefined): ResolvedTopic {
    if (alias === undefined) return { topicName };
    if (!Number.isInteger(alias) || alias < 1) {
      throw new ValidationError("topicAlias", "must be an integer of at least 1"); // [MQTT-3.3.2-8]
    }
    if (alias > this.serverMaximum) {
      throw new ValidationError(
        "topicAlias",
        this.serverMaximum === 0
          ? "the server does not accept topic aliases (Topic Alias Maximum 0)"
          : `must not exceed the server's Topic Alias Maximum of ${this.serverMaximum}`,
      ); // [MQTT-3.2.2-17] [MQTT-3.3.2-9]
    }
    const bindings = (this.manualBindings ??= new Map());
    if (bindings.get(alias) === topicName) return { topicName: "", topicAlias: alias };
    bindings.set(alias, topicName);
    return { topicName, topicAlias: alias };
  }

  private resolveLru(topicName: string): ResolvedTopic {
    if (this.lruCapacity === 0) return { topicName };
    const bindings = (this.lruBindings ??= new Map());
    const hit = bindings.get(topicName);
    if (hit !== undefined) {
      bindings.delete(topicName);
      bindings.set(topicName, hit);
      return { topicName: "", topicAlias: hit };
    }
    let alias: number;
    if (bindings.size < this.lruCapacity) {
      // Entries are never removed except by eviction, which keeps the size, so 1..size are exactly the aliases in use.
      alias = bindings.size + 1;
    } else {
      const oldest = bindings.entries().next().value as [string, number];
      bindings.delete(oldest[0]);
      alias = oldest[1];
    }
    bindings.set(topicName, alias);
    return { topicName, topicAlias: alias };
  }
}

const DISABLED = new OutboundTopicAliasResolver(OutboundTopicAliasBehaviorType.Disabled, 0);

/** A resolver for `behavior`; Default and Disabled share one stateless instance (most clients never alias). */
export function createOutboundTopicAliasResolver(behavior: OutboundTopicAliasBehaviorType, cacheMaxSize: number): OutboundTopicAliasResolver {
  if (behavior === OutboundTopicAliasBehaviorType.Default || behavior === OutboundTopicAliasBehaviorType.Disabled) return DISABLED;
  return new OutboundTopicAliasResolver(behavior, cacheMaxSize);
}
