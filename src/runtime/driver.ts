// The driver: the only place where the protocol core meets time and I/O. It feeds inputs to the core with the
// current monotonic time, executes the returned actions in order, keeps ONE timer armed at the core's next
// deadline, and hands settles and events to the user only after the step that produced them (DESIGN.md §8.2b,
// §8.3), so a user callback that calls publish() or stop() never re-enters a half-updated core: it simply feeds
// a new input, which is pumped on its own.
//
// Stale-attempt protection: every transport callback is checked against the transport (or opening attempt) it
// belongs to; results of superseded attempts are dropped (and a transport that opened too late is closed).
import { ConnectionError, MqttClientError, OperationError } from "../core/errors.js";
import type { Action, ClientEvent, ClientStatistics, Input, Operation, OperationValue } from "../core/io.js";
import { assertNever } from "../core/model/packet.js";
import { WRITE_ACCEPTED, type Transport, type TransportFactory } from "../transport/transport.js";
import type { Clock, TimerHandle } from "./clock.js";
import { EventDispatch } from "./event-dispatch.js";
import { describeError, type LogWriter } from "./logger.js";

/** The shape of src/core/client-core.ts's ClientCore that the driver relies on (tests pass fakes). */
export interface ProtocolCore {
  handle(input: Input, nowMs: number): Action[];
  nextDeadline(): number | undefined;
  statistics(): ClientStatistics;
  isConnected(): boolean;
}

/** Who receives what the driver hands out: an object (the facade), not two closures kept per client. */
export interface DriverHost {
  /** Receives each core event, after the step that produced it. May throw: the driver reports it via onFault. */
  onEvent(event: ClientEvent): void;
  /** A failure outside the protocol: user code threw during delivery, or the core threw (a bug). */
  onFault(error: unknown, context: string): void;
}

export interface DriverOptions {
  readonly core: ProtocolCore;
  readonly transportFactory: TransportFactory;
  readonly clock: Clock;
  readonly log: LogWriter;
  readonly host: DriverHost;
  /** Schedules the delivery of settles/events after a pump. Default queueMicrotask (like aws-crt's nextTick). */
  readonly scheduleDelivery?: (flush: () => void) => void;
}

interface OpeningAttempt {
  readonly attempt: number;
  readonly controller: AbortController;
}

/**
 * Submissions after which a write the transport accepted at once (WRITE_ACCEPTED) counts as complete right away
 * instead of in the next microtask. A user loop that publishes without yielding lets no microtask run: without
 * this, nothing after the first batch reached the socket before the loop ended, so the broker idled meanwhile and
 * the whole backlog was encoded afterwards. Large enough that ordinary bursts still leave in one batch.
 */
export const SUBMITS_PER_ACCEPTED_WRITE = 256;

export class Driver {
  private readonly core: ProtocolCore;
  private readonly transportFactory: TransportFactory;
  private readonly clock: Clock;
  private readonly log: LogWriter;
  private readonly host: DriverHost;
  private readonly dispatch: EventDispatch;

  private readonly inputs: Input[] = [];
  private pumping = false;
  private nextOperationId = 1;
  private transport: Transport | undefined;
  private opening: OpeningAttempt | undefined;
  /** The armed timer and its deadline (both undefined when none is armed). */
  private timerHandle: TimerHandle | undefined = undefined;
  private timerAtMs: number | undefined = undefined;
  /** The timer callback, one per driver (not one per arming). */
  private readonly onTimer: () => void;
  /** Write outcome handlers of the current transport (made in attach(), not per write). */
  private writeCompleted: () => void = ignoreOutcome;
  private writeFailed: (error: unknown) => void = ignoreOutcome;
  /** For WRITE_ACCEPTED writes: completes the outstanding accepted write unless submit() already did. */
  private writeAcceptedCompleted: () => void = ignoreOutcome;
  /** The transport of the outstanding write when that write was accepted at once; undefined otherwise. */
  private acceptedWriteTransport: Transport | undefined = undefined;
  private submitsSinceAcceptedWrite = 0;
  private closed = false;

  constructor(options: DriverOptions) {
    this.core = options.core;
    this.transportFactory = options.transportFactory;
    this.clock = options.clock;
    this.log = options.log;
    this.host = options.host;
    this.onTimer = () => {
      // The clock never fires a cleared timer, so this is the armed one.
      this.timerHandle = undefined;
      this.timerAtMs = undefined;
      this.dispatch.releaseIdleMemory(); // timers are rare (keep-alive, timeouts): a good time to shrink
      this.feed({ kind: "timer" });
    };
    this.dispatch = new EventDispatch(options.log, options.host, this, options.scheduleDelivery);
  }

  /** True once close() ran: no further inputs are accepted. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Feeds one input (start, stop, acknowledge …) and pumps. Ignored after close(). */
  feed(input: Input): void {
    if (this.closed) {
      this.log.debug(() => `ignoring ${input.kind} after close()`);
      return;
    }
    if (this.pumping) {
      this.inputs.push(input); // the running pump takes it next
      return;
    }
    this.pump(input);
  }

  /**
   * Submits a user operation; the promise settles when the core settles it (never synchronously), with
   * `convert(value)` when given (rejected if that throws).
   */
  submit(op: Operation): Promise<OperationValue>;
  submit<T>(op: Operation, convert: (value: OperationValue) => T): Promise<T>;
  submit(op: Operation, convert?: (value: OperationValue) => unknown): Promise<unknown> {
    if (this.closed) {
      return Promise.reject(new OperationError("clientClosed", `${op.kind} rejected: the client was closed`));
    }
    const opId = this.nextOperationId++;
    const promise = convert === undefined ? this.dispatch.register(opId) : this.dispatch.register(opId, convert);
    this.feed({ kind: "submit", opId, op });
    if (this.acceptedWriteTransport !== undefined && ++this.submitsSinceAcceptedWrite >= SUBMITS_PER_ACCEPTED_WRITE) {
      this.completeAcceptedWrite();
    }
    return promise;
  }

  /**
   * Feeds `close` to the core, then releases everything: timer, opening attempt, transport. Operations the core
   * left unsettled (it should settle them all) are rejected with clientClosed, so no promise hangs forever.
   */
  close(): void {
    if (this.closed) return;
    this.feed({ kind: "close" });
    this.closed = true;
    this.cancelTimer();
    this.closeTransport();
    this.dispatch.failUnsettled((opId) => {
      this.log.warn(`operation ${opId} was still unsettled after close; rejecting it`);
      return new OperationError("clientClosed", "the client was closed before the operation completed");
    });
    this.dispatch.scheduleFlush();
  }

  statistics(): ClientStatistics {
    return this.core.statistics();
  }

  isConnected(): boolean {
    return this.core.isConnected();
  }

  /** Handles `first`, then every input queued meanwhile, in order; afterwards schedules the deliveries. */
  private pump(first: Input): void {
    this.pumping = true;
    // Inputs fed while stepping (an action that completes synchronously) wait in `inputs`; walked by index so that
    // a long run of them costs no shift() each, and removed at once (also those handled before an exception).
    const inputs = this.inputs;
    let handled = 0;
    try {
      this.step(first);
      while (handled < inputs.length) this.step(inputs[handled++] as Input);
    } finally {
      if (handled === inputs.length) inputs.length = 0;
      else if (handled > 0) inputs.splice(0, handled);
      this.pumping = false;
    }
    this.dispatch.scheduleFlush();
  }

  private step(input: Input): void {
    let actions: Action[];
    try {
      actions = this.core.handle(input, this.clock.now());
    } catch (error) {
      this.fault(error, `protocol core failed on input ${input.kind}`);
      actions = [];
      // Never leave a user promise hanging because of a core bug: fail the operation that caused it.
      if (input.kind === "submit") {
        const failure =
          error instanceof MqttClientError ? error : new MqttClientError("internalError", describeError(error), { cause: error });
        this.dispatch.queueSettle(input.opId, { ok: false, error: failure });
      }
    }
    for (let index = 0; index < actions.length; index++) this.execute(actions[index] as Action);
    this.rearmTimer();
  }

  private execute(action: Action): void {
    switch (action.kind) {
      case "openTransport":
        this.openTransport(action.attempt);
        return;
      case "write":
        this.write(action);
        return;
      case "closeTransport":
        this.closeTransport();
        return;
      case "settle":
      case "emit":
        this.dispatch.queue(action);
        return;
      default:
        assertNever(action, "action");
    }
  }

  private openTransport(attempt: number): void {
    if (this.transport !== undefined || this.opening !== undefined) {
      this.log.warn(`transport attempt ${attempt} opened while another was current; closing the old one`);
      this.closeTransport();
    }
    const opening: OpeningAttempt = { attempt, controller: new AbortController() };
    this.opening = opening;
    this.log.debug(() => `opening transport (attempt ${attempt})`);
    let promise: Promise<Transport>;
    try {
      promise = this.transportFactory(opening.controller.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (transport) => {
        if (this.opening !== opening || this.closed) {
          // Superseded or aborted while opening: nobody wants this transport any more.
          this.log.debug(() => `closing transport of stale attempt ${attempt}`);
          this.safeClose(transport);
          return;
        }
        this.opening = undefined;
        this.attach(transport);
        this.feed({ kind: "transportOpened", attempt });
      },
      (error: unknown) => {
        if (this.opening !== opening || this.closed) return;
        this.opening = undefined;
        const failure = toMqttError(error, "transportFailed");
        this.log.debug(() => `transport attempt ${attempt} failed: ${describeError(failure)}`);
        this.feed({ kind: "transportFailed", attempt, error: failure });
      },
    );
  }

  private attach(transport: Transport): void {
    this.transport = transport;
    // The transport's handlers are made together: they share one context, kept as long as the connection.
    this.writeCompleted = () => {
      if (this.transport === transport) this.feed({ kind: "writeCompleted" });
    };
    this.writeAcceptedCompleted = () => {
      if (this.acceptedWriteTransport === transport) this.completeAcceptedWrite();
    };
    this.writeFailed = (error: unknown) => {
      if (this.transport !== transport) return;
      // A failed write means the connection is unusable: drop it and tell the core once.
      this.transport = undefined;
      this.safeClose(transport);
      this.feed({ kind: "transportClosed", error: toMqttError(error, "writeFailed") });
    };
    transport.onData((bytes) => {
      if (this.transport === transport) this.feed({ kind: "bytesReceived", bytes });
    });
    transport.onClose((error) => {
      if (this.transport !== transport) return; // closed by us, or an old transport
      this.transport = undefined;
      this.log.debug(() => `transport closed${error === undefined ? "" : `: ${describeError(error)}`}`);
      this.feed(
        error === undefined
          ? { kind: "transportClosed" }
          : { kind: "transportClosed", error: toMqttError(error, "transportError") },
      );
    });
  }

  private write(action: { bytes: Uint8Array; parts?: readonly Uint8Array[] }): void {
    const transport = this.transport;
    if (transport === undefined) {
      this.fault(new Error("the protocol core wrote with no open transport"), "write");
      return;
    }
    let promise: Promise<void>;
    try {
      // Parts (large payloads uncopied) go out as they are when the transport can; otherwise joined.
      promise =
        action.parts !== undefined && transport.writeParts !== undefined
          ? transport.writeParts(action.parts)
          : transport.write(action.bytes);
    } catch (error) {
      promise = Promise.reject(error);
    }
    if (promise === WRITE_ACCEPTED) {
      // Complete already: reported in a microtask as usual, or sooner by submit() during a long synchronous burst.
      this.acceptedWriteTransport = transport;
      this.submitsSinceAcceptedWrite = 0;
      promise.then(this.writeAcceptedCompleted);
      return;
    }
    this.acceptedWriteTransport = undefined;
    promise.then(this.writeCompleted, this.writeFailed); // `transport` is the attached one: these are its handlers
  }

  /** Reports the outstanding accepted write as complete, once (the later of the two reports finds nothing to do). */
  private completeAcceptedWrite(): void {
    const transport = this.acceptedWriteTransport;
    this.acceptedWriteTransport = undefined;
    if (transport !== undefined && this.transport === transport) this.feed({ kind: "writeCompleted" });
  }

  private closeTransport(): void {
    const opening = this.opening;
    if (opening !== undefined) {
      this.opening = undefined;
      opening.controller.abort();
    }
    const transport = this.transport;
    if (transport !== undefined) {
      this.transport = undefined;
      this.safeClose(transport);
    }
  }

  private safeClose(transport: Transport): void {
    try {
      transport.close();
    } catch (error) {
      this.log.warn(() => `closing the transport threw: ${describeError(error)}`);
    }
  }

  private rearmTimer(): void {
    const deadline = this.closed ? undefined : this.core.nextDeadline();
    const armedAtMs = this.timerAtMs;
    // A deadline that moved later keeps the armed timer: it fires early, the core finds nothing due yet (every
    // deadline is checked against the time), and the pump after it arms the real deadline. The keep-alive and ack
    // deadlines move with every write and acknowledgement, so re-arming each time cost a clearTimeout and a
    // setTimeout per message.
    if (armedAtMs !== undefined && deadline !== undefined && armedAtMs <= deadline) return;
    this.cancelTimer();
    if (deadline === undefined || Number.isNaN(deadline)) return;
    this.timerAtMs = deadline;
    this.timerHandle = this.clock.setTimer(deadline, this.onTimer);
  }

  private cancelTimer(): void {
    const handle = this.timerHandle;
    this.timerHandle = undefined;
    this.timerAtMs = undefined;
    if (handle !== undefined) this.clock.clearTimer(handle);
  }

  /** Logs a failure outside the protocol (a listener or the core threw) and hands it to the host's onFault. */
  fault(error: unknown, context: string): void {
    this.log.error(() => `${context}: ${describeError(error)}`);
    try {
      this.host.onFault(error, context);
    } catch (secondary) {
      this.log.error(() => `reporting a fault failed: ${describeError(secondary)}`);
    }
  }
}

/** The write handlers before any transport is attached (never called: nothing is written without one). */
function ignoreOutcome(): void {}

/** Errors handed to the core are always MqttClientErrors; foreign ones are wrapped with their message kept. */
export function toMqttError(error: unknown, code: string): MqttClientError {
  if (error instanceof MqttClientError) return error;
  return new ConnectionError(code, describeError(error), { cause: error });
}
