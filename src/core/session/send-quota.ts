// Send quota: how many more QoS 1/2 PUBLISHes the client may have unacknowledged, bounded by the server's Receive
// Maximum (CONNACK; 65,535 when absent) [MQTT-4.9.0-1]. The core takes one unit per QoS > 0 PUBLISH it writes
// (including resends after a reconnect) and, at zero, writes no further QoS > 0 PUBLISH [MQTT-4.9.0-2]; everything
// else (acks, PUBREL, SUBSCRIBE, PINGREQ, DISCONNECT, QoS 0) is never held back by it [MQTT-4.9.0-3].
// A unit comes back on PUBACK, on PUBCOMP whatever its reason code, and on a PUBREC with a reason code ≥ 0x80, and the
// quota never rises above its initial value (a PUBCOMP for a PUBREL resent after reconnect, a duplicate ack).
// Deciding *which* packets release a unit is the caller's job; this class only keeps the count honest.

const RECEIVE_MAXIMUM_DEFAULT = 65535;

export class SendQuota {
  private maximum = RECEIVE_MAXIMUM_DEFAULT;
  private quota = RECEIVE_MAXIMUM_DEFAULT;

  constructor(receiveMaximum = RECEIVE_MAXIMUM_DEFAULT) {
    this.reset(receiveMaximum);
  }

  /**
   * A new connection: the quota starts again at the server's Receive Maximum. 0 is a protocol error the
   * CONNACK validation rejects before this point, so anything outside 1..65535 is a programming error here.
   */
  reset(receiveMaximum: number): void {
    if (!Number.isInteger(receiveMaximum) || receiveMaximum < 1 || receiveMaximum > RECEIVE_MAXIMUM_DEFAULT) {
      throw new RangeError(`SendQuota: Receive Maximum must be an integer in 1..65535, got ${receiveMaximum}`);
    }
    this.maximum = receiveMaximum;
    this.quota = receiveMaximum;
  }

  /** The Receive Maximum in force. */
  get receiveMaximum(): number {
    return this.maximum;
  }

  /** Units left: how many more QoS > 0 PUBLISHes may be sent now. */
  get available(): number {
    return this.quota;
  }

  /** Takes one unit for a QoS > 0 PUBLISH about to be written; false (and nothing taken) at zero [MQTT-4.9.0-2]. */
  tryAcquire(): boolean {
    if (this.quota === 0) return false;
    this.quota--;
    return true;
  }

  /** Gives one unit back; never above the initial value. */
  release(): void {
    if (this.quota < this.maximum) this.quota++;
  }
}
