// Manual acknowledgement of received QoS 1/2 messages, with aws-crt's semantics (api-surface.md §3.3): a
// `messageReceived` listener that wants to acknowledge later calls `acquireHandle()` synchronously during the
// emission; the first caller gets the handle, later calls get null. If no listener took it, the client
// acknowledges right after the last listener returned.

/** Sends the PUBACK (QoS 1) or PUBREC (QoS 2) of one received message. */
export type PublishAcknowledgementFunctor = () => void;

/** Acknowledges one received message when invoked. */
export class PublishAcknowledgementHandle {
  private acknowledgementFunction: PublishAcknowledgementFunctor | undefined;

  constructor(acknowledgementFunction: PublishAcknowledgementFunctor) {
    this.acknowledgementFunction = acknowledgementFunction;
  }

  /** Sends the acknowledgement. Idempotent: only the first call has an effect. */
  invokeAcknowledgement(): void {
    const acknowledge = this.acknowledgementFunction;
    if (acknowledge === undefined) return;
    this.acknowledgementFunction = undefined;
    acknowledge();
  }
}

/** Hands the message's acknowledgement handle to at most one caller. */
export class PublishAcknowledgementHandleWrapper {
  private handle: PublishAcknowledgementHandle | null;

  constructor(handle: PublishAcknowledgementHandle | null) {
    this.handle = handle;
  }

  /** Takes control of the acknowledgement: the first caller wins, later calls return null. */
  acquireHandle(): PublishAcknowledgementHandle | null {
    const handle = this.handle;
    this.handle = null;
    return handle;
  }
}
