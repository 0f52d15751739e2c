// Checks of an outbound packet against the limits the server announced in CONNACK. These run when the packet is
// about to go out on a connection (the limits change per connection), after validateOutboundPacket accepted it.
// Maximum Packet Size is not checked here: the encoder measures the packet and throws PacketTooLargeError.

import type { Packet, PublishPacket, SubscribePacket } from "../model/packet.js";
import type { QoS } from "../model/enums.js";
import { PacketType } from "../model/enums.js";
import { fail } from "./field-checks.js";
import { ValidationRule } from "./rules.js";
import { hasWildcard, isSharedSubscription } from "./topic.js";

/**
 * The server's limits for this connection, with CONNACK defaults applied to absent properties. The core's
 * NegotiatedSettings satisfies this shape. maximumPacketSizeToServer is not used here (see the header).
 */
export interface NegotiatedLimits {
  maximumQos: QoS;
  retainAvailable: boolean;
  maximumPacketSizeToServer: number;
  topicAliasMaximumToServer: number;
  wildcardSubscriptionsAvailable: boolean;
  subscriptionIdentifiersAvailable: boolean;
  sharedSubscriptionsAvailable: boolean;
}

/** Throws ValidationError when `packet` would exceed what the server allows on this connection. */
export function validateAgainstNegotiated(packet: Packet, limits: NegotiatedLimits, fieldPrefix = ""): void {
  if (packet.type === PacketType.Publish) validatePublish(packet, limits, fieldPrefix);
  else if (packet.type === PacketType.Subscribe) validateSubscribe(packet, limits, fieldPrefix);
}

function validatePublish(packet: PublishPacket, limits: NegotiatedLimits, prefix: string): void {
  if (packet.qos > limits.maximumQos) fail(prefix, "qos", ValidationRule.qosAboveMaximum); // [MQTT-3.2.2-11]
  // [MQTT-3.2.2-14]
  if (packet.retain && !limits.retainAvailable) fail(prefix, "retain", ValidationRule.retainNotAvailable);
  const alias = packet.topicAlias;
  if (alias !== undefined) {
    const maximum = limits.topicAliasMaximumToServer;
    if (maximum === 0) fail(prefix, "topicAlias", ValidationRule.topicAliasNotAllowed); // [MQTT-3.2.2-18]
    // [MQTT-3.2.2-17, MQTT-3.3.2-9]
    if (alias > maximum) fail(prefix, "topicAlias", ValidationRule.topicAliasAboveMaximum);
  }
}

function validateSubscribe(packet: SubscribePacket, limits: NegotiatedLimits, prefix: string): void {
  // a server announcing 0 for one of these features treats its use as a Protocol Error.
  if (packet.subscriptionIdentifier !== undefined && !limits.subscriptionIdentifiersAvailable) {
    fail(prefix, "subscriptionIdentifier", ValidationRule.subscriptionIdentifiersUnavailable);
  }
  if (limits.wildcardSubscriptionsAvailable && limits.sharedSubscriptionsAvailable) return;
  const subscriptions = packet.subscriptions;
  for (let i = 0; i < subscriptions.length; i++) {
    const filter = subscriptions[i]?.topicFilter ?? "";
    if (!limits.sharedSubscriptionsAvailable && isSharedSubscription(filter)) {
      fail(prefix, `subscriptions[${i}].topicFilter`, ValidationRule.sharedSubscriptionsUnavailable);
    }
    if (!limits.wildcardSubscriptionsAvailable && hasWildcard(filter)) {
      fail(prefix, `subscriptions[${i}].topicFilter`, ValidationRule.wildcardSubscriptionsUnavailable);
    }
  }
}
