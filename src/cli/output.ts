// Where the CLI writes. Every line passes through the library's redact() and has the secrets the user gave on the
// command line (password) replaced, so a password cannot reach the terminal even through a foreign error message.
import { redact, type Logger, type LogLevel } from "../runtime/logger.js";

export interface LineSink {
  write(text: string): void;
}

const REDACTED = "[REDACTED]";
// Shorter secrets are not scrubbed literally: replacing every "ab" in the output would garble it and reveal the
// secret by its absence. Fields that hold secrets are redacted by name in format.ts regardless of length.
const MIN_SCRUBBED_SECRET_LENGTH = 3;

export class Output {
  private readonly secrets: string[] = [];

  constructor(
    private readonly stdout: LineSink = process.stdout,
    private readonly stderr: LineSink = process.stderr,
  ) {}

  /** Registers a value that must never be printed. */
  addSecret(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SCRUBBED_SECRET_LENGTH) this.secrets.push(secret);
  }

  /** A result or event line (stdout). */
  line(text: string): void {
    this.stdout.write(`${this.clean(text)}\n`);
  }

  /** A diagnostic line (stderr). */
  error(text: string): void {
    this.stderr.write(`${this.clean(text)}\n`);
  }

  /** A Logger for the client that writes to stderr through the same redaction. */
  logger(level: LogLevel | "none"): Logger {
    return {
      level,
      log: (messageLevel: LogLevel, message: string) => this.error(`[${messageLevel}] ${message}`),
    };
  }

  /** `text` with every registered secret and every secret-looking key=value replaced. */
  clean(text: string): string {
    let result = redact(text);
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }
}
