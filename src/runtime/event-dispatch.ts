// Delivery of what a core step produced for the user: operation settlements (promise resolve/reject) and events.
// Both are queued while the driver pumps and handed out afterwards, in order, from a scheduled flush (a microtask
// by default, like aws-crt's nextTick emission), so user code never runs inside the core.
import type { MqttClientError } from "../core/errors.js";
import type { ClientEvent, OperationId, OperationResult, OperationValue } from "../core/io.js";
import type { LogWriter } from "./logger.js";
import { IdTable } from "../core/operations/id-table.js";

/** Shaped like the core's settle/emit actions, so the driver queues those objects as they are (no copy each). */
export type Delivery =
  | { readonly kind: "settle"; readonly opId: OperationId; readonly result: OperationResult }
  | { readonly kind: "emit"; readonly event: ClientEvent };

interface PendingOperation {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: MqttClientError) => void;
  /** Turns the core's value into what the promise resolves with (the facade's public packet); may throw. */
  readonly convert: ((value: OperationValue) => unknown) | undefined;
}

/** Receives the events (the driver's host: an object, not a closure made per client). */
export interface EventReceiver {
  /** May throw: the exception goes to the FaultReporter and delivery continues. */
  onEvent(event: ClientEvent): void;
}

/** Where failures in user code go (the driver). */
export interface FaultReporter {
  fault(error: unknown, context: string): void;
}

/** One function for every client (not a closure per instance). */
function scheduleMicrotask(flush: () => void): void {
  queueMicrotask(flush);
}

// The promise executor of register() is one function for all operations and clients (no closure per call): it
// parks the resolving functions here, and register() takes them right after the Promise constructor returned.
let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((error: MqttClientError) => void) | undefined;

function captureResolvers(resolve: (value: unknown) => void, reject: (error: MqttClientError) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

export class EventDispatch {
  private readonly deliveries: Delivery[] = [];
  /** Created on the first operation and dropped when idle (releaseIdleMemory): most idle clients have none. */
  private pending: IdTable<PendingOperation> | undefined = undefined;
  private flushScheduled = false;
  private flushing = false;
  private readonly schedule: (flush: () => void) => void;

  /** `schedule` arranges a flush; default queueMicrotask. */
  constructor(
    private readonly log: LogWriter,
    private readonly receiver: EventReceiver,
    private readonly faults: FaultReporter,
    schedule?: (flush: () => void) => void,
  ) {
    // Wrapped, not stored bare: browsers throw "Illegal invocation" when queueMicrotask runs with `this` set to
    // another object (Node does not mind).
    this.schedule = schedule ?? scheduleMicrotask;
  }

  /** Drops the operation table while no operation is pending (it keeps its storage after a burst). */
  releaseIdleMemory(): void {
    if (this.pending?.size === 0) this.pending = undefined;
  }

  /**
   * The promise of operation `opId`, settled when its settlement is delivered: with `convert(value)` when given
   * (one promise per operation instead of a second one chained for the conversion), a rejection if that throws.
   */
  register(opId: OperationId): Promise<OperationValue>;
  register<T>(opId: OperationId, convert: (value: OperationValue) => T): Promise<T>;
  register(opId: OperationId, convert?: (value: OperationValue) => unknown): Promise<unknown> {
    const promise = new Promise<unknown>(captureResolvers);
    const resolve = capturedResolve as (value: unknown) => void;
    const reject = capturedReject as (error: MqttClientError) => void;
    capturedResolve = undefined;
    capturedReject = undefined;
    (this.pending ??= new IdTable<PendingOperation>()).set(opId, { resolve, reject, convert });
    return promise;
  }

  queueSettle(opId: OperationId, result: OperationResult): void {
    this.deliveries.push({ kind: "settle", opId, result });
  }

  queueEvent(event: ClientEvent): void {
    this.deliveries.push({ kind: "emit", event });
  }

  /**
   * Queues a settle or emit action of the core as it is. A settlement with nothing queued before it is settled at
   * once instead: resolving or rejecting a promise never runs user code synchronously (its reactions are
   * microtasks, which run after the pump, in the order they were queued, as a flush would), and the operation's
   * promise, resolvers and table entry become garbage now. A long synchronous publish loop otherwise kept all of
   * them alive until the loop ended, and the garbage collector copied them all.
   */
  queue(delivery: Delivery): void {
    if (delivery.kind === "settle" && this.deliveries.length === 0) {
      this.settle(delivery.opId, delivery.result);
      return;
    }
    this.deliveries.push(delivery);
  }

  /** Queues a failure for every registered operation that has no settlement queued or delivered yet. */
  failUnsettled(makeError: (opId: OperationId) => MqttClientError): void {
    const queued = new Set(this.deliveries.flatMap((delivery) => (delivery.kind === "settle" ? [delivery.opId] : [])));
    for (const opId of this.pending?.ids() ?? []) {
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
    if (this.flushing) return; // a flush re-entered from user code: the running one delivers the rest, in order
    this.flushing = true;
    const deliveries = this.deliveries;
    // Deliveries queued by user code running in here (a listener that publishes or stops) join this same loop,
    // which keeps everything in order. Walked by index and removed once at the end: shift() per delivery moved
    // the whole backlog every time, and one flush can hold hundreds of thousands of settlements.
    let delivered = 0;
    try {
      while (delivered < deliveries.length) {
        const delivery = deliveries[delivered++] as Delivery;
        if (delivery.kind === "settle") {
          this.settle(delivery.opId, delivery.result);
          continue;
        }
        try {
          this.receiver.onEvent(delivery.event);
        } catch (error) {
          this.faults.fault(error, `delivering the ${delivery.event.kind} event`);
        }
      }
    } finally {
      if (delivered === deliveries.length) deliveries.length = 0;
      else if (delivered > 0) deliveries.splice(0, delivered);
      this.flushing = false;
    }
  }

  private settle(opId: OperationId, result: OperationResult): void {
    const pending = this.pending?.take(opId);
    if (pending === undefined) {
      this.log.warn(`the protocol core settled unknown operation ${opId}`);
      return;
    }
    if (!result.ok) {
      pending.reject(result.error);
      return;
    }
    if (pending.convert === undefined) {
      pending.resolve(result.value);
      return;
    }
    let value: unknown;
    try {
      value = pending.convert(result.value);
    } catch (error) {
      pending.reject(error as MqttClientError);
      return;
    }
    pending.resolve(value);
  }
}
