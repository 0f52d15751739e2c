// AWS IoT Core per-connection limits (enabled by ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults):
// at most 100 PUBLISH packets per second and 512 KiB per second of outbound data (behavior.md §8). Two token
// buckets whose capacity equals their rate, both emptied on every CONNECTED entry as aws-c-mqtt does, so a
// reconnect cannot burst on top of the previous connection's traffic.
//
// Unlike aws-c-mqtt, which charges a flat 4352 bytes per socket write whatever its size (§14.15), throughput is
// measured on the bytes actually written: a 2-byte PINGREQ costs 2, a 127 KiB publish costs 127 KiB. (TLS record and
// WebSocket framing overhead, well under 1 %, is not counted.)
//
// How the core uses it, when the socket is free and it assembles the next write from its queue:
//   for each candidate packet:
//     if it is a PUBLISH and !canPublish(now)          → stop here;
//     if !canWrite(bytesSoFar + packetBytes, now)      → stop here (control packets may bypass this check);
//     add it; for a PUBLISH call onPublishWritten(now).
//   after handing the write over: onBytesWritten(totalBytes, now).
// When nothing could be written, the core's next deadline is nextAvailableMs(now, headBytes, headIsPublish).
// canWrite follows the bucket rule: a write larger than the 512 KiB capacity waits for a full bucket and leaves it in
// debt, so huge publishes are delayed but never blocked forever.
import { TokenBucket } from "./token-bucket.js";

export const AWS_IOT_CORE_PUBLISHES_PER_SECOND = 100;
export const AWS_IOT_CORE_BYTES_PER_SECOND = 512 * 1024;

export class AwsIotCoreFlowControl {
  private readonly publishes = new TokenBucket(AWS_IOT_CORE_PUBLISHES_PER_SECOND, AWS_IOT_CORE_PUBLISHES_PER_SECOND);
  private readonly bytes = new TokenBucket(AWS_IOT_CORE_BYTES_PER_SECOND, AWS_IOT_CORE_BYTES_PER_SECOND);

  /** A connection is established: both budgets start empty at `nowMs`. */
  reset(nowMs: number): void {
    this.publishes.reset(nowMs, 0);
    this.bytes.reset(nowMs, 0);
  }

  /** May one more PUBLISH be written now? */
  canPublish(nowMs: number): boolean {
    return this.publishes.msUntilAvailable(1, nowMs) === 0;
  }

  /** Counts one PUBLISH (any QoS, resends included) handed to the transport. */
  onPublishWritten(nowMs: number): void {
    this.publishes.take(1, nowMs);
  }

  /** May a write of `bytes` bytes go out now? */
  canWrite(bytes: number, nowMs: number): boolean {
    return this.bytes.msUntilAvailable(bytes, nowMs) === 0;
  }

  /** Counts the bytes of a write handed to the transport (may leave the budget in debt). */
  onBytesWritten(bytes: number, nowMs: number): void {
    this.bytes.take(bytes, nowMs);
  }

  /**
   * The earliest time (same clock as `nowMs`, ≥ nowMs) at which a write of `bytes` bytes — containing a PUBLISH
   * when `isPublish` — passes both limits; nowMs itself when it already does.
   */
  nextAvailableMs(nowMs: number, bytes: number, isPublish: boolean): number {
    const byteWait = this.bytes.msUntilAvailable(bytes, nowMs);
    const publishWait = isPublish ? this.publishes.msUntilAvailable(1, nowMs) : 0;
    return nowMs + Math.max(byteWait, publishWait);
  }
}
