// A small typed event emitter for the browser client, so that the browser bundle needs no `events` polyfill.
// It offers the part of Node's EventEmitter API that users of aws-crt's client call (on/once/off/addListener/
// removeListener/removeAllListeners/emit/listenerCount, plus listeners/rawListeners/eventNames/prepend… and the
// max-listeners accessors as no-ops) with Node's semantics: listeners run in registration order with `this` set to
// the emitter, a `once` listener is removed before it runs, and an emission works on a snapshot of the listeners.

/** The listener of one event. */
export type EventListener<Payload> = (payload: Payload) => void;

interface Registration {
  readonly listener: (payload: never) => void;
  readonly once: boolean;
}

/** A `once` listener as rawListeners() returns it: removes itself, then calls the original (`.listener`). */
type OnceWrapper = ((payload: unknown) => void) & { readonly listener: (payload: never) => void };

export class TypedEventEmitter<Events extends { [K in keyof Events]: unknown }> {
  readonly #registrations = new Map<keyof Events, Registration[]>();
  #maxListeners = 10;

  /** Adds `listener` at the end of the list for `event`. */
  on<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    return this.#add(event, { listener, once: false }, false);
  }

  /** Same as on(). */
  addListener<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    return this.#add(event, { listener, once: false }, false);
  }

  /** Adds `listener` at the front of the list for `event`. */
  prependListener<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    return this.#add(event, { listener, once: false }, true);
  }

  /** Adds a listener that is removed just before it is called for the first time. */
  once<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    return this.#add(event, { listener, once: true }, false);
  }

  /** once(), at the front of the list. */
  prependOnceListener<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    return this.#add(event, { listener, once: true }, true);
  }

  /** Removes the most recently added registration of `listener` for `event` (as Node does). */
  removeListener<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    const registrations = this.#registrations.get(event);
    if (registrations === undefined) return this;
    let index = registrations.length - 1;
    while (index >= 0 && registrations[index]?.listener !== listener) index -= 1;
    if (index < 0) return this;
    const remaining = registrations.filter((_, position) => position !== index);
    if (remaining.length === 0) this.#registrations.delete(event);
    else this.#registrations.set(event, remaining);
    return this;
  }

  /** Same as removeListener(). */
  off<K extends keyof Events>(event: K, listener: EventListener<Events[K]>): this {
    return this.removeListener(event, listener);
  }

  /** Removes every listener of `event`, or of every event when called without one. */
  removeAllListeners(event?: keyof Events): this {
    if (event === undefined) this.#registrations.clear();
    else this.#registrations.delete(event);
    return this;
  }

  /**
   * Calls every listener of `event` with `payload`, in order, on a snapshot of the list. Returns whether there was
   * a listener. As in Node, an `error` event nobody listens to is thrown, and a throwing listener stops the emission.
   */
  emit<K extends keyof Events>(event: K, payload: Events[K]): boolean {
    const listeners = this.rawListeners(event);
    if (listeners.length === 0) {
      if (event === "error") throw payload instanceof Error ? payload : new Error(`unhandled 'error' event: ${String(payload)}`);
      return false;
    }
    for (const listener of listeners) listener.call(this, payload);
    return true;
  }

  /** Number of listeners registered for `event`. */
  listenerCount(event: keyof Events): number {
    return this.#registrations.get(event)?.length ?? 0;
  }

  /** The listeners of `event`, as registered (without `once` wrappers). */
  listeners<K extends keyof Events>(event: K): EventListener<Events[K]>[] {
    return (this.#registrations.get(event) ?? []).map((registration) => registration.listener as EventListener<Events[K]>);
  }

  /** The listeners of `event` as they will be called: `once` registrations come wrapped (see OnceWrapper). */
  rawListeners(event: keyof Events): ((payload: unknown) => void)[] {
    return (this.#registrations.get(event) ?? []).map((registration) => this.#callable(event, registration));
  }

  /** Events that currently have listeners. */
  eventNames(): (keyof Events)[] {
    return [...this.#registrations.keys()];
  }

  /** Accepted for Node compatibility; this emitter never warns about many listeners. */
  setMaxListeners(count: number): this {
    this.#maxListeners = count;
    return this;
  }

  getMaxListeners(): number {
    return this.#maxListeners;
  }

  #add(event: keyof Events, registration: Registration, prepend: boolean): this {
    if (typeof registration.listener !== "function") {
      throw new TypeError(`the listener of '${String(event)}' must be a function`);
    }
    const registrations = this.#registrations.get(event) ?? [];
    this.#registrations.set(event, prepend ? [registration, ...registrations] : [...registrations, registration]);
    return this;
  }

  #callable(event: keyof Events, registration: Registration): (payload: unknown) => void {
    const listener = registration.listener as (payload: unknown) => void;
    if (!registration.once) return listener;
    const remove = (): void => this.#removeRegistration(event, registration);
    const wrapper = function (this: unknown, payload: unknown): void {
      remove();
      listener.call(this, payload);
    };
    return Object.assign(wrapper, { listener: registration.listener }) satisfies OnceWrapper;
  }

  #removeRegistration(event: keyof Events, registration: Registration): void {
    const registrations = this.#registrations.get(event);
    if (registrations === undefined || !registrations.includes(registration)) return;
    const remaining = registrations.filter((candidate) => candidate !== registration);
    if (remaining.length === 0) this.#registrations.delete(event);
    else this.#registrations.set(event, remaining);
  }
}
