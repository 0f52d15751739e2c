// The three operations as the commands run them: print the outgoing packet ("> …"), await the acknowledgement,
// print it ("< …") and say whether every reason code in it is a success. Ctrl-C ends the wait (Interrupted).
import { mqtt5 } from "../../index.js";
import { formatPacket } from "../format.js";
import type { Output } from "../output.js";
import { unlessInterrupted } from "../wait.js";

/** Outcome of one acknowledged operation. */
export interface Acknowledged<T> {
  readonly ack: T;
  readonly ok: boolean;
}

export async function subscribeAndReport(
  client: mqtt5.Mqtt5Client,
  out: Output,
  packet: mqtt5.SubscribePacket,
  signal?: AbortSignal,
): Promise<Acknowledged<mqtt5.SubackPacket>> {
  out.line(`> ${formatPacket(packet, mqtt5.PacketType.Subscribe)}`);
  const suback = await unlessInterrupted(client.subscribe(packet), signal);
  out.line(`< ${formatPacket(suback, mqtt5.PacketType.Suback)}`);
  return { ack: suback, ok: suback.reasonCodes.every((code) => mqtt5.isSuccessfulSubackReasonCode(code)) };
}

export async function unsubscribeAndReport(
  client: mqtt5.Mqtt5Client,
  out: Output,
  packet: mqtt5.UnsubscribePacket,
  signal?: AbortSignal,
): Promise<Acknowledged<mqtt5.UnsubackPacket>> {
  out.line(`> ${formatPacket(packet, mqtt5.PacketType.Unsubscribe)}`);
  const unsuback = await unlessInterrupted(client.unsubscribe(packet), signal);
  out.line(`< ${formatPacket(unsuback, mqtt5.PacketType.Unsuback)}`);
  return { ack: unsuback, ok: unsuback.reasonCodes.every((code) => mqtt5.isSuccessfulUnsubackReasonCode(code)) };
}

/**
 * QoS 0 completes once written (no acknowledgement exists); QoS 1 with the PUBACK; QoS 2 with the PUBCOMP, or
 * with a failing PUBREC that ended the exchange.
 */
export async function publishAndReport(
  client: mqtt5.Mqtt5Client,
  out: Output,
  packet: mqtt5.PublishPacket,
  signal?: AbortSignal,
): Promise<Acknowledged<mqtt5.PublishCompletionResult>> {
  out.line(`> ${formatPacket(packet, mqtt5.PacketType.Publish)}`);
  const result = await unlessInterrupted(client.publish(packet), signal);
  if (result === undefined) {
    out.line("< (QoS 0: no acknowledgement; the PUBLISH was written)");
    return { ack: result, ok: true };
  }
  out.line(`< ${formatPacket(result)}`);
  // PUBACK, PUBREC and PUBCOMP all use "below 0x80 is success" (MQTT 5 §2.4).
  return { ack: result, ok: result.reasonCode < 0x80 };
}
