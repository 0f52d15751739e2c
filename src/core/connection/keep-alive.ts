// Keep-alive arithmetic [MQTT-3.1.2-20..-22]: the interval is the Server Keep Alive when the CONNACK has one,
// else our own; the PINGRESP wait is the configured ping timeout, capped at half the interval so a missing
// PINGRESP is noticed before the next PINGREQ would be due.

/** Effective keep-alive in ms for a connection. 0 = no keep-alive [MQTT-3.1.2-21, 3.2.2-21/-22]. */
export function keepAliveIntervalMs(clientKeepAliveSeconds: number, serverKeepAliveSeconds: number | undefined): number {
  return (serverKeepAliveSeconds ?? clientKeepAliveSeconds) * 1000;
}

/** How long to wait for a PINGRESP after the PINGREQ was written. */
export function pingResponseTimeoutMs(pingTimeoutMs: number, keepAliveMs: number): number {
  if (keepAliveMs <= 0) return pingTimeoutMs;
  return Math.min(pingTimeoutMs, keepAliveMs / 2);
}

/** When the next PINGREQ is due (undefined: keep-alive off, or a PINGREQ is outstanding). */
export function nextPingDueMs(keepAliveMs: number, lastWriteMs: number, pingOutstanding: boolean): number | undefined {
  if (keepAliveMs <= 0 || pingOutstanding) return undefined;
  return lastWriteMs + keepAliveMs;
}

/** PINGRESP [MQTT-3.12.4-1]: the outstanding PINGREQ is answered. */
export function acknowledgePingResponse(connection: { pingDeadlineMs: number | undefined }): void {
  connection.pingDeadlineMs = undefined;
}
