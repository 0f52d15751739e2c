// aws-crt's `http.HttpHeaders`: an ordered list of [name, value] pairs with case-insensitive look-ups, as a
// websocket handshake transform sees and edits the upgrade request's headers. Browser-safe (no Node imports).

/** One header line: [name, value]. */
export type HttpHeader = [string, string];

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function checkText(text: unknown, what: string): string {
  if (typeof text !== "string") throw new TypeError(`HttpHeaders: the header ${what} must be a string`);
  return text;
}

/** Ordered header collection; names compare case-insensitively and keep the spelling they were added with. */
export class HttpHeaders implements Iterable<HttpHeader> {
  #headers: HttpHeader[] = [];

  /** Construct from a collection of [name, value] pairs (copied). */
  constructor(headers: readonly (readonly [string, string])[] = []) {
    for (const [name, value] of headers) this.add(name, value);
  }

  /** Number of header lines (a name with two values counts twice). */
  get length(): number {
    return this.#headers.length;
  }

  /**
   * The first value of `name`, or `defaultValue` when there is none. aws-crt's browser variant returns its
   * `default_value` (""), its native variant undefined: we return `defaultValue`, "" unless given.
   */
  get(name: string, defaultValue = ""): string {
    return this.#headers.find(([existing]) => sameName(existing, name))?.[1] ?? defaultValue;
  }

  /** Every value of `name`, in order; empty when there is none. */
  get_values(name: string): string[] {
    return this.#headers.filter(([existing]) => sameName(existing, name)).map(([, value]) => value);
  }

  /** The header line at `index` (aws-crt Node). Throws a RangeError outside 0..length-1. */
  get_index(index: number): HttpHeader {
    const header = this.#headers[index];
    if (header === undefined) throw new RangeError(`HttpHeaders: no header at index ${index}`);
    return [header[0], header[1]];
  }

  /** Appends a header line (an existing one with the same name stays). */
  add(name: string, value: string): void {
    this.#headers.push([checkText(name, "name"), checkText(value, "value")]);
  }

  /** Replaces every value of `name` by this single one (appended at the end, as aws-crt does). */
  set(name: string, value: string): void {
    checkText(value, "value");
    this.remove(checkText(name, "name"));
    this.#headers.push([name, value]);
  }

  /** Removes every value of `name`. */
  remove(name: string): void {
    this.#headers = this.#headers.filter(([existing]) => !sameName(existing, name));
  }

  /** Removes the lines of `name` whose value is exactly `value`. */
  remove_value(name: string, value: string): void {
    this.#headers = this.#headers.filter(([existing, existingValue]) => !(sameName(existing, name) && existingValue === value));
  }

  /** Removes every header. */
  clear(): void {
    this.#headers = [];
  }

  /** Iterates over copies of the [name, value] pairs, in order. */
  *[Symbol.iterator](): Iterator<HttpHeader> {
    for (const [name, value] of [...this.#headers]) yield [name, value];
  }

  /** aws-crt's internal flattening, kept for code that calls it: copies of all pairs. */
  _flatten(): HttpHeader[] {
    return [...this];
  }
}
