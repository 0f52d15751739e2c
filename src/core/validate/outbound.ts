// Outbound validation: every packet the client sends is checked against the standard's rules for user input before
// it is queued or encoded, and a broken rule becomes ValidationError(field, rule) naming the field by its path
// ("subscriptions[2].topicFilter", "will.topicName", "userProperties[0].name") and the rule, never the value.
//
// Limits the server announced in CONNACK are a separate, later check (negotiated.ts); Maximum Packet Size is
// enforced by the encoder (PacketTooLargeError). Per-packet rules live in outbound-<packet>.ts; this file dispatches.

import type { Packet } from "../model/packet.js";
import { assertNever } from "../model/packet.js";
import { PacketType } from "../model/enums.js";
import { fail } from "./field-checks.js";
import { validateConnectPacket } from "./outbound-connect.js";
import {
  type ConnectValuesForValidation,
  validateAuthPacket,
  validateDisconnectPacket,
  validatePublishAckPacket,
} from "./outbound-control.js";
import { validatePublishPacket } from "./outbound-publish.js";
import { validateSubscribePacket, validateUnsubscribePacket } from "./outbound-subscribe.js";
import { ValidationRule } from "./rules.js";

export type { ConnectValuesForValidation } from "./outbound-control.js";
export { validateConnectPacket, validateWillMessage } from "./outbound-connect.js";
export { validateAuthPacket, validateDisconnectPacket, validatePublishAckPacket } from "./outbound-control.js";
export { validatePublishPacket } from "./outbound-publish.js";
export { validateSubscribePacket, validateUnsubscribePacket } from "./outbound-subscribe.js";

export interface OutboundValidationContext {
  /**
   * The CONNECT of the current connection. DISCONNECT's Session Expiry rule and AUTH's method rules depend on it;
   * when absent, the CONNECT is taken to have had neither a Session Expiry Interval nor an Authentication Method
   * (the strict reading: a non-zero DISCONNECT Session Expiry and every AUTH are refused).
   */
  connect?: ConnectValuesForValidation;
  /**
   * Whether packet ids have been assigned yet (default true). Pass false when validating a user's PUBLISH,
   * SUBSCRIBE or UNSUBSCRIBE at submission, before the session allocates its id: a missing id (or 0 for
   * SUBSCRIBE/UNSUBSCRIBE) is then accepted, but a present one must still be in range.
   */
  packetIdsAssigned?: boolean;
  /** Prepended to every field path, e.g. "connectProperties." when validating the client configuration. */
  fieldPrefix?: string;
}

const NO_CONTEXT: OutboundValidationContext = Object.freeze({});
const NO_CONNECT_VALUES: ConnectValuesForValidation = Object.freeze({});

/** Throws ValidationError unless `packet` may be sent by a client as it stands. */
export function validateOutboundPacket(packet: Packet, context: OutboundValidationContext = NO_CONTEXT): void {
  const prefix = context.fieldPrefix ?? "";
  const packetIdsAssigned = context.packetIdsAssigned ?? true;
  switch (packet.type) {
    case PacketType.Publish:
      validatePublishPacket(packet, packetIdsAssigned, prefix);
      return;
    case PacketType.Connect:
      validateConnectPacket(packet, prefix);
      return;
    case PacketType.Puback:
    case PacketType.Pubrec:
    case PacketType.Pubrel:
    case PacketType.Pubcomp:
      validatePublishAckPacket(packet, prefix);
      return;
    case PacketType.Subscribe:
      validateSubscribePacket(packet, packetIdsAssigned, prefix);
      return;
    case PacketType.Unsubscribe:
      validateUnsubscribePacket(packet, packetIdsAssigned, prefix);
      return;
    case PacketType.Disconnect:
      validateDisconnectPacket(packet, context.connect ?? NO_CONNECT_VALUES, prefix);
      return;
    case PacketType.Auth:
      validateAuthPacket(packet, context.connect ?? NO_CONNECT_VALUES, prefix);
      return;
    case PacketType.Pingreq:
      return; // no fields
    case PacketType.Connack:
    case PacketType.Suback:
    case PacketType.Unsuback:
    case PacketType.Pingresp:
      fail(prefix, "type", ValidationRule.notClientPacket); // server-to-client only (standard §2.1.2)
    default:
      assertNever(packet, "packet type");
  }
}
