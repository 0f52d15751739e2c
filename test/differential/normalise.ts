// Turns whatever a client hands out (packets, event payloads, rejection values) into plain JSON-able data that can
// be compared across implementations: binary data becomes `{ "<ArrayBuffer>": "hex" }` (so the container type is
// compared as well as the bytes), object keys are sorted, `undefined` is kept visible, errors keep only what a
// portable program can read (is it a string or an Error, its aws-crt error name and code), and per-run names
// (client id, topic roots, broker-assigned ids) are replaced by placeholders.

export type Normal = null | boolean | number | string | Normal[] | { [key: string]: Normal };

/** Per-run text → placeholder; applied to every string in order. */
export type Replacements = readonly (readonly [string | RegExp, string | ((match: string) => string)])[];

const UNDEFINED = "<undefined>";
const CRT_ERROR_NAME = /\bAWS_[A-Z0-9_]+\b/;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A detached ArrayBuffer (aws-crt hands out an empty inbound payload as one) cannot even be viewed. */
function arrayBufferHex(buffer: ArrayBuffer): string {
  try {
    return hex(new Uint8Array(buffer));
  } catch {
    return "<detached>";
  }
}

export function normaliseString(text: string, replacements: Replacements): string {
  let result = text;
  for (const [from, to] of replacements) {
    if (typeof from === "string") result = result.split(from).join(typeof to === "string" ? to : to(from));
    else result = typeof to === "string" ? result.replace(from, to) : result.replace(from, (match) => to(match));
  }
  return result;
}

/**
 * A rejection value or an event's error. aws-crt's Node client rejects queued operations with a plain string (the
 * formatted CRT message) and validation failures with an Error that has no name; its events carry CrtErrors with
 * `error_name`/`error_code`. Only the portable parts are kept.
 */
export function normaliseError(value: unknown): Normal {
  if (typeof value === "string") {
    return { valueType: "string", errorName: CRT_ERROR_NAME.exec(value)?.[0] ?? "<none>" };
  }
  if (value instanceof Error) {
    const fields = value as Error & { error_name?: unknown; error_code?: unknown };
    const errorName = typeof fields.error_name === "string" ? fields.error_name : CRT_ERROR_NAME.exec(value.message)?.[0];
    return {
      valueType: "Error",
      errorName: errorName ?? "<none>",
      errorCode: typeof fields.error_code === "number" ? fields.error_code : "<none>",
    };
  }
  return { valueType: typeof value, errorName: "<none>" };
}

/** Any value handed out by a client → Normal (see the file comment). */
export function normaliseValue(value: unknown, replacements: Replacements): Normal {
  if (value === undefined) return UNDEFINED;
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return normaliseString(value, replacements);
  if (value instanceof ArrayBuffer) return { "<ArrayBuffer>": arrayBufferHex(value) };
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { [`<${value.constructor.name}>`]: hex(bytes) };
  }
  if (value instanceof Error) return normaliseError(value);
  if (Array.isArray(value)) return value.map((item: unknown) => normaliseValue(item, replacements));
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const result: { [key: string]: Normal } = {};
    for (const key of Object.keys(record).sort()) result[key] = normaliseValue(record[key], replacements);
    return result;
  }
  return `<${typeof value}>`;
}

/** Leaf values by path ("a.b.0.c" → JSON text); empty arrays/objects are leaves too, so they are compared. */
export function flatten(value: Normal, path: string, into: Map<string, string>): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, index) => flatten(item, `${path}.${index}`, into));
  } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) flatten(item, `${path}.${key}`, into);
  } else {
    into.set(path, JSON.stringify(value));
  }
  return into;
}
