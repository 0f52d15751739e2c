// io.enable_logging / io.setLogLevel: aws-crt turns on its native log (stderr) and sets the JS log level. Here
// they set the process-wide default level of the library's console logger, used by every client created
// afterwards without its own `logger` (an explicit `logger` always wins). Browser-safe.
import type { LogLevel as LoggerLevel } from "../runtime/logger.js";
import { LogLevel } from "./enums.js";

const LEVEL_NAMES: Readonly<Record<LogLevel, LoggerLevel | "none">> = {
  [LogLevel.NONE]: "none",
  [LogLevel.FATAL]: "error",
  [LogLevel.ERROR]: "error",
  [LogLevel.WARN]: "warn",
  [LogLevel.INFO]: "info",
  [LogLevel.DEBUG]: "debug",
  [LogLevel.TRACE]: "trace",
};

let defaultLevel: LoggerLevel | "none" | undefined;

/** The level of the library's default logger (FATAL maps to "error"). Invalid levels are ignored, like aws-crt. */
export function setLogLevel(level: LogLevel): void {
  const name = LEVEL_NAMES[level];
  if (name !== undefined) defaultLevel = name;
}

/** Logs to the console from now on at `level` (aws-crt: native log to stderr). Same effect as setLogLevel. */
export function enable_logging(level: LogLevel): void {
  setLogLevel(level);
}

/** The level set through setLogLevel / enable_logging, or undefined when never set (the client then uses "warn"). */
export function defaultLogLevel(): LoggerLevel | "none" | undefined {
  return defaultLevel;
}
