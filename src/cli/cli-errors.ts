// The two ways a CLI command ends badly, mapped to exit codes by main.ts.

/** A mistake in the command line: printed with a hint to --help; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The command ran but did not achieve what was asked (no connection, failing reason code, timeout); exit code 1. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandFailure";
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
