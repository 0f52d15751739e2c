// Delivery of what a core step produced for the user: operation settlements (promise resolve/reject) and events.
// Both are queued while the driver pumps and handed out afterwards, in order, from a scheduled flush (a microtask
// by default, like aws-crt's nextTick emission), so user code never runs inside the core.
import type { MqttClientError } from "../core/errors.js";
import type { ClientEvent, OperationId, OperationResult, OperationValue } from "../core/io.js";
import type { LogWriter } from "./logger.js";

type Delivery =
  | { readonly kind: "settle"; readonly opId: OperationId; readonly result: OperationResult }
  | { readonly kind: "event"; readonly event: ClientEvent };

interface PendingOperation {
  readonly resolve: (value: OperationValue) => void;
  readonly reject: (error: MqttClientError) => void;
}

export interface EventDispatchOptions {
  readonly log: LogWriter;
  /** Receives each event. May throw: the exception goes to onFault and delivery continues. */
  readonly onEvent: (event: ClientEvent) => void;
  readonly onFault: (error: unknown, context: string) => void;
  /** Schedules a flush. Default queueMicrotask. */
  readonly schedule?: (flush: () => void) => void;
}

export class EventDispatch {
  private readonly deliveries: Delivery[] = [];
  private readonly pending = new Map<OperationId, PendingOperation>();
  private flushScheduled = false;
  private readonly schedule: (flush: () => void) => void;

  constructor(private readonly options: EventDispatchOptions) {
    this.schedule = options.schedule ?? queueMicrotask;
  }

  /** The promise of operation `opId`, settled when its settlement is delivered. */
  register(opId: OperationId): Promise<OperationValue> {
    return new Promise<OperationValue>((resolve, reject) => this.pending.set(opId, { resolve, reject }));
  }

  queueSettle(opId: OperationId, result: OperationResult): void {
    this.deliveries.push({ kind: "settle", opId, result });
  }

  queueEvent(event: ClientEvent): void {
    this.deliveries.push({ kind: "event", event });
  }

  /** Queues a failure for every registered operation that has no settlement queued or delivered yet. */
  failUnsettled(makeError: (opId: OperationId) => MqttClientError): void {
    const queued = new Set(this.deliveries.flatMap((delivery) => (delivery.kind === "settle" ? [delivery.opId] : [])));
    for (const opId of this.pending.keys()) {
      if (!queued.has(opId)) this.queueSettle(opId, { ok: false, error: makeError(opId) });
    }
  }

  /** Arranges a flush if anything is queued. */
  scheduleFlush(): void {
    if (this.flushScheduled || this.deliveries.length === 0) return;
    this.flushScheduled = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    // Deliveries queued by user code running in here (a listener that publishes or stops) join this same loop,
    // which keeps everything in order.
    for (let delivery = this.deliveries.shift(); delivery !== undefined; delivery = this.deliveries.shift()) {
      if (delivery.kind === "settle") {
        this.settle(delivery.opId, delivery.result);
        continue;
      }
      try {
        this.options.onEvent(delivery.event);
      } catch (error) {
        this.options.onFault(error, `delivering the ${delivery.event.kind} event`);
      }
    }
  }

  private settle(opId: OperationId, result: OperationResult): void {
    const pending = this.pending.get(opId);
    if (pending === undefined) {
      this.options.log.warn(`the protocol core settled unknown operation ${opId}`);
      return;
    }
    this.pending.delete(opId);
    if (result.ok) pending.resolve(result.value);
    else pending.reject(result.error);
  }
}
