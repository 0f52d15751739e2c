// Long-running decoder fuzzer (a script, not a test): `npm run fuzz -- --count 5000000 --seed 42`.
// Runs the same cases and invariant as decoder-fuzz.test.ts (fuzz-cases.ts), prints throughput as it goes and
// every failure with a reproducer; exits 1 if anything failed.
//   --count N        number of cases (default 1,000,000)
//   --seed S         run seed (default: derived from the current time, printed so the run can be repeated)
//   --case I         run only case I of the seed (replay a reported failure)
//   --max-failures K stop after K failures (default 10)
//   --replay HEX [--chunks 1,2,3] [--max M]   feed exactly these bytes (hex) in these chunk lengths
import { performance } from "node:perf_hooks";
import { fromHex } from "../support/seeded-random.js";
import { FuzzFailure, type FuzzCase, makeCase, runCase } from "./fuzz-cases.js";

interface Options {
  count: number;
  seed: number;
  caseIndex?: number;
  maxFailures: number;
  replay?: string;
  chunks?: number[];
  max?: number;
}

function usage(problem: string): never {
  console.error(`run-fuzz: ${problem}\nusage: run-fuzz [--count N] [--seed S] [--case I] [--max-failures K] ` +
    "[--replay HEX [--chunks 1,2,3] [--max M]]");
  process.exit(2);
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
    usage(`${flag} needs an integer in [${min}, ${max}], got ${String(raw)}`);
  }
  return value;
}

function parseArguments(argv: readonly string[]): Options {
  const options: Options = { count: 1_000_000, seed: Date.now() % 0x1_0000_0000, maxFailures: 10 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case "--count": options.count = integer(flag, value, 1, Number.MAX_SAFE_INTEGER); break;
      case "--seed": options.seed = integer(flag, value, 0, 0xffffffff); break;
      case "--case": options.caseIndex = integer(flag, value, 0, Number.MAX_SAFE_INTEGER); break;
      case "--max-failures": options.maxFailures = integer(flag, value, 1, Number.MAX_SAFE_INTEGER); break;
      case "--max": options.max = integer(flag, value, 1, 0xffffffff); break;
      case "--replay":
        if (value === undefined) usage("--replay needs hex bytes");
        options.replay = value;
        break;
      case "--chunks":
        options.chunks = (value ?? "").split(",").filter((s) => s !== "").map((s) => integer(flag, s, 1, 0x7fffffff));
        break;
      default: usage(`unknown argument ${String(flag)}`);
    }
  }
  return options;
}

function replayCase(options: Options): FuzzCase {
  const bytes = fromHex(options.replay ?? "");
  const chunks = options.chunks ?? [bytes.length];
  if (chunks.reduce((a, b) => a + b, 0) !== bytes.length) usage("--chunks must add up to the number of bytes");
  const fuzzCase: FuzzCase = { seed: options.seed, index: 0, kind: "replay", bytes, chunkLengths: chunks };
  if (options.max !== undefined) fuzzCase.maximumPacketSizeBytes = options.max;
  return fuzzCase;
}

function runOne(fuzzCase: FuzzCase): boolean {
  try {
    const outcome = runCase(fuzzCase);
    const reason = outcome.reasonCode === undefined ? "no error" : `ProtocolError 0x${outcome.reasonCode.toString(16)}`;
    console.log(`ok: ${outcome.packets} packet(s), ${reason} (${fuzzCase.kind})`);
    return true;
  } catch (error) {
    console.error(error instanceof FuzzFailure ? `FAILURE: ${error.message}` : error);
    return false;
  }
}

function main(): void {
  const options = parseArguments(process.argv.slice(2));
  if (options.replay !== undefined) process.exit(runOne(replayCase(options)) ? 0 : 1);
  if (options.caseIndex !== undefined) process.exit(runOne(makeCase(options.seed, options.caseIndex)) ? 0 : 1);

  console.log(`fuzzing PacketDecoder: seed ${options.seed}, ${options.count} cases`);
  Error.stackTraceLimit = 0; // most cases end in a ProtocolError; stacks would dominate the run time
  const started = performance.now();
  let lastReport = started;
  let bytes = 0;
  let failures = 0;
  let index = 0;
  for (; index < options.count && failures < options.maxFailures; index++) {
    const fuzzCase = makeCase(options.seed, index);
    bytes += fuzzCase.bytes.length;
    try {
      runCase(fuzzCase);
    } catch (error) {
      failures++;
      console.error(`FAILURE #${failures}: ${error instanceof Error ? error.message : String(error)}`);
      if (!(error instanceof FuzzFailure)) console.error(`  (harness error) replay: --seed ${options.seed} --case ${index}`);
    }
    const now = performance.now();
    if (now - lastReport > 5_000) {
      lastReport = now;
      const seconds = (now - started) / 1000;
      console.log(`  ${index + 1} cases, ${(index + 1) / seconds | 0} cases/s, ${(bytes / seconds / 1e6).toFixed(2)} MB/s`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`done: ${index} cases in ${seconds.toFixed(1)} s (${(index / seconds) | 0} cases/s, ` +
    `${(bytes / seconds / 1e6).toFixed(2)} MB/s), ${failures} failure(s); seed ${options.seed}`);
  process.exit(failures === 0 ? 0 : 1);
}

main();
