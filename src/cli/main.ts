#!/usr/bin/env node
// The `mqtt5` binary: parses the command line, runs one command, and sets the exit code (0 ok, 1 failure,
// 2 usage error, 130 interrupted). It never calls process.exit() on the normal path: the process ends when the
// command has closed everything it opened, which is how the tests know nothing was left running.
import { readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseCommandLine, type CliCommand } from "./args.js";
import { CommandFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from "./cli-errors.js";
import { formatError } from "./format.js";
import { helpText } from "./help.js";
import { Output } from "./output.js";
import { Interrupted } from "./wait.js";

const EXIT_INTERRUPTED = 130;

async function main(argv: readonly string[]): Promise<number> {
  const out = new Output();
  let command: CliCommand;
  try {
    command = parseCommandLine(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.error(`mqtt5: ${error.message}`);
    out.error("Run `mqtt5 --help` for usage.");
    return EXIT_USAGE;
  }
  if (command.kind === "help") {
    process.stdout.write(helpText(command.command));
    return EXIT_OK;
  }
  if (command.kind === "version") {
    out.line(`mqtt5 (mqtt5-client) ${packageVersion()}`);
    return EXIT_OK;
  }
  const interrupt = new AbortController();
  const removeSignalHandlers = onTerminationSignals(() => interrupt.abort());
  // A closed stdout (`mqtt5 sub … | head -1`) ends the command like Ctrl-C instead of crashing on EPIPE.
  process.stdout.on("error", () => interrupt.abort());
  try {
    await runCommand(command, out, interrupt.signal);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof Interrupted) {
      out.error("mqtt5: interrupted");
      return EXIT_INTERRUPTED;
    }
    out.error(`mqtt5 ${command.kind}: ${error instanceof CommandFailure ? error.message : formatError(error)}`);
    return EXIT_FAILURE;
  } finally {
    removeSignalHandlers();
  }
}

async function runCommand(command: Exclude<CliCommand, { kind: "help" | "version" }>, out: Output, signal: AbortSignal): Promise<void> {
  switch (command.kind) {
    case "pub":
      return (await import("./commands/pub.js")).runPub(command, out, signal);
    case "sub":
      return (await import("./commands/sub.js")).runSub(command, out, signal);
    case "demo":
      return (await import("./commands/demo.js")).runDemo(command, out, signal);
  }
}

/** First SIGINT/SIGTERM: graceful stop. Second: leave at once. Returns the function that removes the handlers. */
function onTerminationSignals(onFirst: () => void): () => void {
  let received = 0;
  const handler = (): void => {
    received += 1;
    if (received === 1) onFirst();
    else process.exit(EXIT_INTERRUPTED);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

/** The package version, read from the package.json three folders above this file (dist/esm/cli, .test-build/src/cli). */
function packageVersion(): string {
  try {
    const script = realpathSync(process.argv[1] ?? "");
    const manifest = JSON.parse(readFileSync(join(dirname(script), "..", "..", "..", "package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mqtt5: internal error: ${formatError(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
