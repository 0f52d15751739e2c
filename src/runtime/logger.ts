// Logging for the runtime and the API facade: a tiny sink interface users can implement (or pass
// `consoleLogger()`), lazy messages that are only built when the level is enabled, and redaction of secrets.
// Every message and every error text that leaves the library through a log passes through `redact()`:
// passwords, authentication data, session tokens, SigV4 signatures, PKCS#11 PINs and private keys never reach
// a log line (peers.md: the PKCS#11 engine prints `pin-value=` in its own errors, so we scrub foreign text too).

export type LogLevel = "error" | "warn" | "info" | "debug" | "trace";

const LEVEL_RANK: Readonly<Record<LogLevel | "none", number>> = {
  none: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  trace: 5,
};

/** Where log lines go. Implement it to route the client's logs into your own logging library. */
export interface Logger {
  /** The most verbose level this sink wants; messages above it are never even formatted. */
  readonly level: LogLevel | "none";
  /** Receives one finished, already-redacted line. Must not throw (exceptions are ignored). */
  log(level: LogLevel, message: string): void;
}

/** A message, or a function producing it (called only when the level is enabled). */
export type LazyMessage = string | (() => string);

/** A Logger that drops everything. */
export const silentLogger: Logger = Object.freeze({ level: "none", log: () => undefined });

/** Writes to `console.error` / `console.warn` / `console.info` / `console.debug`. Default level "warn". */
export function consoleLogger(level: LogLevel | "none" = "warn"): Logger {
  return {
    level,
    log(messageLevel, message) {
      const line = `[mqtt5-client] ${messageLevel.toUpperCase()} ${message}`;
      if (messageLevel === "error") console.error(line);
      else if (messageLevel === "warn") console.warn(line);
      else if (messageLevel === "info") console.info(line);
      else console.debug(line);
    },
  };
}

/**
 * The logger of every client configured without one, for `level`: one frozen consoleLogger per level, shared, so
 * that its writers are shared too (LogWriter.for) instead of a logger, a closure and three writers per client.
 */
export function defaultConsoleLogger(level: LogLevel): Logger {
  let logger = defaultConsoleLoggers.get(level);
  if (logger === undefined) {
    logger = Object.freeze(consoleLogger(level));
    defaultConsoleLoggers.set(level, logger);
    sharedSinkWriters.set(logger, new Map());
  }
  return logger;
}

const defaultConsoleLoggers = new Map<LogLevel, Logger>();

/** Writers of the library's own sinks (silentLogger, the default console loggers) by component, for all clients. */
const sharedSinkWriters = new Map<Logger, Map<string, LogWriter>>([[silentLogger, new Map()]]);

/** The library's internal front end to a Logger: level check, lazy formatting, component prefix, redaction. */
export class LogWriter {
  private readonly rank: number;

  constructor(
    private readonly sink: Logger,
    private readonly component: string,
  ) {
    this.rank = LEVEL_RANK[sink.level] ?? LEVEL_RANK.warn;
  }

  /** A writer for `component` on `sink`; writers of the library's own sinks are made once and shared (stateless). */
  static for(sink: Logger, component: string): LogWriter {
    const writers = sharedSinkWriters.get(sink);
    if (writers === undefined) return new LogWriter(sink, component);
    let writer = writers.get(component);
    if (writer === undefined) writers.set(component, (writer = new LogWriter(sink, component)));
    return writer;
  }

  isEnabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] <= this.rank;
  }

  /** A writer for a sub-component sharing the same sink. */
  child(component: string): LogWriter {
    return LogWriter.for(this.sink, `${this.component}/${component}`);
  }

  error(message: LazyMessage): void {
    this.write("error", message);
  }
  warn(message: LazyMessage): void {
    this.write("warn", message);
  }
  info(message: LazyMessage): void {
    this.write("info", message);
  }
  debug(message: LazyMessage): void {
    this.write("debug", message);
  }
  trace(message: LazyMessage): void {
    this.write("trace", message);
  }

  private write(level: LogLevel, message: LazyMessage): void {
    if (!this.isEnabled(level)) return;
    let text: string;
    try {
      text = typeof message === "string" ? message : message();
    } catch (error) {
      text = `(log message failed: ${describeError(error)})`;
    }
    try {
      this.sink.log(level, `${this.component}: ${redact(text)}`);
    } catch {
      // A faulty sink must not break the client; there is nowhere left to report it.
    }
  }
}

const REDACTED = "[REDACTED]";

// key=value pairs in URLs, query strings, PKCS#11 URIs and header-like text.
const SECRET_PARAMETER =
  /(^|[?&;,\s"'])((?:x-amz-signature|x-amz-security-token|x-amz-credential|x-amz-customauthorizer-signature|pin-value|passphrase|password|passwd|access_?token|session_?token|security_?token|secret\w*|signature)=)([^&;,\s"'#]*)/gi;
// "key": "value" / key: 'value' in JSON and object dumps (key=value forms are SECRET_PARAMETER's job).
const SECRET_PROPERTY =
  /((["']?)(?:password|passphrase|secret\w*|\w*token|\w*signature|authenticationData|privateKey|private_key|user_pin|pin|aws_secret_key|secretAccessKey)\2\s*:\s*)(?!\[REDACTED)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&})\]]+)/gi;
const AUTHORIZATION_HEADER = /((?:proxy-)?authorization\s*[:=]\s*)[^\r\n]*/gi;
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

/** Replaces secret values in free text (log lines, foreign error messages, URLs) with "[REDACTED]". */
export function redact(text: string): string {
  return text
    .replace(PEM_PRIVATE_KEY, "[REDACTED PRIVATE KEY]")
    .replace(AUTHORIZATION_HEADER, `$1${REDACTED}`)
    .replace(SECRET_PARAMETER, `$1$2${REDACTED}`)
    .replace(SECRET_PROPERTY, (_match: string, prefix: string, _quote: string, value: string) => {
      // Keep the quoting style so redacted JSON stays readable; a bare value is replaced without quotes.
      const quote = value.startsWith('"') || value.startsWith("'") ? value.charAt(0) : "";
      return `${prefix}${quote}${REDACTED}${quote}`;
    });
}

const SECRET_KEY_EXACT = /^(password|passphrase|passwd|key|pfx|pin|user_pin|authenticationData|privateKey|private_key|credentials?)$/i;
const SECRET_KEY_PART = /(secret|token|signature)/i;

/**
 * A copy of `value` safe to log: object properties with secret-sounding names are replaced by "[REDACTED]",
 * strings are passed through `redact()`, binary data is summarised by its length.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[…]";
  if (value instanceof ArrayBuffer) return `<${value.byteLength} bytes>`;
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = SECRET_KEY_EXACT.test(key) || SECRET_KEY_PART.test(key) ? REDACTED : redactValue(item, depth + 1);
  }
  return result;
}

/** A one-line, redacted description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const suffix = typeof code === "string" && !error.message.includes(code) ? ` (${code})` : "";
    return redact(`${error.name}: ${error.message}${suffix}`);
  }
  try {
    return redact(String(error));
  } catch {
    return "(unprintable error)";
  }
}
