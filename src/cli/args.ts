// Command-line parsing for the `mqtt5` binary, on node:util parseArgs (no dependency). Each command accepts the
// common connection options plus its own; anything else is a UsageError (exit code 2). Environment fallbacks
// (MQTT_URL, MQTT_PASSWORD) are resolved here so the commands only see final values.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { LogLevel } from "../runtime/logger.js";
import { parseBrokerUrl, type BrokerAddress } from "./broker-url.js";
import { UsageError } from "./cli-errors.js";

export const COMMAND_NAMES = ["pub", "sub", "demo"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type QosLevel = 0 | 1 | 2;

/** How to reach and log in to the broker; shared by every command. */
export interface ConnectionOptions {
  /** Undefined only for `demo` without --url / MQTT_URL: the demo then starts its embedded broker. */
  readonly broker: BrokerAddress | undefined;
  readonly clientId: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly keepAliveSeconds: number;
  readonly caFile: string | undefined;
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
  readonly insecure: boolean;
  /** Failed attempts after which the command gives up; 0 = keep trying. */
  readonly connectAttempts: number;
  /** Bound on each attempt's TCP/TLS connect and on its CONNACK wait. */
  readonly connectTimeoutMs: number;
  readonly logLevel: LogLevel | "none";
}

export type CliCommand =
  | { readonly kind: "help"; readonly command: CommandName | undefined }
  | { readonly kind: "version" }
  | {
      readonly kind: "pub";
      readonly connection: ConnectionOptions;
      readonly topic: string;
      readonly message: string;
      readonly qos: QosLevel;
      readonly retain: boolean;
      readonly repeat: number;
    }
  | {
      readonly kind: "sub";
      readonly connection: ConnectionOptions;
      readonly filters: readonly string[];
      readonly qos: QosLevel;
      /** Exit after this many messages; 0 = run until interrupted. */
      readonly count: number;
      /** Give up (exit 1) when `count` messages have not arrived in time; undefined = no limit. */
      readonly timeoutMs: number | undefined;
    }
  | {
      readonly kind: "demo";
      readonly connection: ConnectionOptions;
      /** Bound on waiting for the demo's own messages to come back. */
      readonly timeoutMs: number;
    };

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_URL = "mqtt://127.0.0.1:1883";
const LOG_LEVELS = ["none", "error", "warn", "info", "debug", "trace"] as const;

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

const COMMON_OPTIONS: OptionSpec = {
  url: { type: "string" },
  "client-id": { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  "keep-alive": { type: "string" },
  ca: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  insecure: { type: "boolean" },
  "connect-attempts": { type: "string" },
  "connect-timeout": { type: "string" },
  "log-level": { type: "string" },
  help: { type: "boolean", short: "h" },
};

const COMMAND_OPTIONS: Readonly<Record<CommandName, OptionSpec>> = {
  pub: { qos: { type: "string", short: "q" }, retain: { type: "boolean", short: "r" }, repeat: { type: "string" } },
  sub: { qos: { type: "string", short: "q" }, count: { type: "string", short: "C" }, timeout: { type: "string" } },
  demo: { timeout: { type: "string" } },
};

type Values = Record<string, string | boolean | undefined>;

/** Parses `argv` (without the node and script paths). Throws UsageError. */
export function parseCommandLine(argv: readonly string[], env: Environment): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    return { kind: "help", command: isCommandName(rest[0]) ? rest[0] : undefined };
  }
  if (first === "--version" || first === "-V") return { kind: "version" };
  if (!isCommandName(first)) {
    throw new UsageError(first.startsWith("-") ? `expected a command before ${first}` : `unknown command '${first}'`);
  }
  const { values, positionals } = parseOptions(first, rest);
  if (values.help === true) return { kind: "help", command: first };
  const connection = parseConnection(first, values, env);
  switch (first) {
    case "pub":
      return parsePub(connection, values, positionals);
    case "sub":
      return parseSub(connection, values, positionals);
    case "demo":
      if (positionals.length > 0) throw new UsageError(`demo takes no arguments (got '${positionals[0]}')`);
      return { kind: "demo", connection, timeoutMs: seconds(values, "timeout", 10, 1) * 1000 };
  }
}

function isCommandName(value: string | undefined): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value ?? "");
}

function parseOptions(command: CommandName, args: readonly string[]): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...COMMAND_OPTIONS[command] },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    // parseArgs' messages name the option ("Unknown option '--bogus'"); keep them, drop its generic advice.
    const message = error instanceof Error ? error.message.split(". To specify")[0] ?? error.message : String(error);
    throw new UsageError(`${command}: ${message}`);
  }
}

function parseConnection(command: CommandName, values: Values, env: Environment): ConnectionOptions {
  const urlText = text(values, "url") ?? nonEmpty(env.MQTT_URL) ?? (command === "demo" ? undefined : DEFAULT_URL);
  const broker = urlText === undefined ? undefined : parseBrokerUrl(urlText);
  const certFile = text(values, "cert");
  const keyFile = text(values, "key");
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError("--cert and --key go together");
  const caFile = text(values, "ca");
  const insecure = values.insecure === true;
  if (broker !== undefined && !broker.tls && (caFile !== undefined || certFile !== undefined || insecure)) {
    throw new UsageError("--ca, --cert, --key and --insecure need an mqtts:// URL");
  }
  const logLevel = text(values, "log-level") ?? "warn";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}`);
  }
  return {
    broker,
    clientId: text(values, "client-id"),
    username: text(values, "username") ?? broker?.username,
    password: text(values, "password") ?? broker?.password ?? nonEmpty(env.MQTT_PASSWORD),
    keepAliveSeconds: integer(values, "keep-alive", 60, 0, 65_535),
    caFile,
    certFile,
    keyFile,
    insecure,
    connectAttempts: integer(values, "connect-attempts", 3, 0, 1_000_000),
    connectTimeoutMs: seconds(values, "connect-timeout", 10, 0.1) * 1000,
    logLevel: logLevel as LogLevel | "none",
  };
}

function parsePub(connection: ConnectionOptions, values: Values, positionals: string[]): CliCommand {
  const [topic, message, extra] = positionals;
  if (topic === undefined || message === undefined) throw new UsageError("pub needs a topic and a message");
  if (extra !== undefined) throw new UsageError(`pub takes one topic and one message (unexpected '${extra}'; quote the message)`);
  return {
    kind: "pub",
    connection,
    topic,
    message,
    qos: qos(values),
    retain: values.retain === true,
    repeat: integer(values, "repeat", 1, 1, 1_000_000),
  };
}

function parseSub(connection: ConnectionOptions, values: Values, positionals: string[]): CliCommand {
  if (positionals.length === 0) throw new UsageError("sub needs at least one topic filter");
  const timeout = text(values, "timeout");
  return {
    kind: "sub",
    connection,
    filters: positionals,
    qos: qos(values),
    count: integer(values, "count", 0, 0, Number.MAX_SAFE_INTEGER),
    timeoutMs: timeout === undefined ? undefined : seconds(values, "timeout", 0, 0.1) * 1000,
  };
}

function qos(values: Values): QosLevel {
  const value = text(values, "qos") ?? "0";
  if (value !== "0" && value !== "1" && value !== "2") throw new UsageError(`--qos must be 0, 1 or 2 (got '${value}')`);
  return Number(value) as QosLevel;
}

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function integer(values: Values, name: string, fallback: number, min: number, max: number): number {
  const value = text(values, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got '${value}')`);
  }
  return parsed;
}

function seconds(values: Values, name: string, fallback: number, min: number): number {
  const value = text(values, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < min || parsed > 86_400) {
    throw new UsageError(`--${name} must be a number of seconds from ${min} to 86400 (got '${value}')`);
  }
  return parsed;
}
