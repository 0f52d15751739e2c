// `npm test`: install missing test peers → compile (fresh .test-build/) → eslint → node --test over every
// compiled *.test.js (unit, conformance, property, fuzz, integration, browser).
//
//   npm test                         everything
//   npm test -- test/unit            only test files whose path contains one of the arguments
//   npm test -- test/unit/core/core-purity.test.ts --test-name-pattern=scanner
//                                    other --flags go to node --test unchanged
//   npm test -- --no-lint            skip eslint (also: SKIP_LINT=1)
//   npm test -- --keep-going         run the tests even if tsc reported errors (it still emits); exits non-zero
// Environment: TEST_CONCURRENCY (default 2 test files at a time), TEST_TIMEOUT_MS (per test, default 120000),
// MQTT5_SKIP_PEERS=1 (do not check/install peers), MOSQUITTO_LOG=1 (stream broker logs to stderr).
//
// Exit code: node --test's, or 1 if it passed but eslint (or, with --keep-going, tsc) failed. Node 20's `node --test` does not expand
// `**` itself, so the files are found here and passed explicitly.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePeers } from "./ensure-peers.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = join(root, ".test-build");
const LINT_TARGETS = ["src", "test", "scripts", "bench", "eslint.config.js"];

function step(title) {
  console.log(`\n=== ${title} ===`);
}

function runNode(args, options = {}) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function parseArguments(argv) {
  const filters = [];
  const nodeTestFlags = [];
  let lint = process.env.SKIP_LINT !== "1";
  let keepGoing = false;
  for (const arg of argv) {
    if (arg === "--no-lint") lint = false;
    else if (arg === "--keep-going") keepGoing = true;
    else if (arg.startsWith("-")) nodeTestFlags.push(arg);
    else filters.push(normalizeFilter(arg));
  }
  return { filters, nodeTestFlags, lint, keepGoing };
}

/** "./test/unit/x.test.ts" and ".test-build/test/unit/x.test.js" both become "test/unit/x.test.js". */
function normalizeFilter(arg) {
  return arg
    .replaceAll("\\", "/")
    .replace(/^\.\//, "")
    .replace(/^\.test-build\//, "")
    .replace(/\.ts$/, ".js")
    .replace(/\/$/, "");
}

function findTestFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return findTestFiles(path);
      return entry.name.endsWith(".test.js") ? [path] : [];
    })
    .sort();
}

function lint() {
  if (!existsSync(join(root, "eslint.config.js"))) {
    console.log("eslint: skipped (no eslint.config.js)");
    return 0;
  }
  const targets = LINT_TARGETS.filter((target) => existsSync(join(root, target)));
  const status = runNode([join(root, "node_modules", "eslint", "bin", "eslint.js"), ...targets]);
  console.log(status === 0 ? `eslint: ok (${targets.join(" ")})` : `eslint: FAILED (exit ${status})`);
  return status;
}

/** The TAP summary block (`# tests N`, `# pass N`, …) that ends a TAP report. */
function tapSummary(tapText) {
  return tapText
    .split("\n")
    .filter((line) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(line));
}

function main() {
  const { filters, nodeTestFlags, lint: shouldLint, keepGoing } = parseArguments(process.argv.slice(2));

  step("peers");
  const peersStatus = ensurePeers();
  if (peersStatus !== 0) return peersStatus;

  step("compile (scripts/compile-tests.mjs)");
  const compileStatus = runNode([join(root, "scripts", "compile-tests.mjs")]);
  if (compileStatus !== 0 && !keepGoing) return compileStatus;
  if (compileStatus !== 0) console.log("compile: FAILED — continuing because of --keep-going");

  let lintStatus = 0;
  step("lint");
  if (shouldLint) lintStatus = lint();
  else console.log("eslint: skipped (--no-lint / SKIP_LINT=1)");

  step("tests");
  const allFiles = findTestFiles(join(buildDir, "test"));
  const files = allFiles.filter((file) => {
    const path = relative(buildDir, file).split(sep).join("/");
    return filters.length === 0 || filters.some((filter) => path.includes(filter));
  });
  if (files.length === 0) {
    console.error(
      filters.length === 0
        ? "no test files found under .test-build/test (did another compile-tests run wipe it meanwhile?)"
        : `no test file matches ${filters.join(", ")} (${allFiles.length} test files exist)`,
    );
    return 1;
  }
  console.log(`${files.length} test file(s)`);
  const tapDir = mkdtempSync(join(tmpdir(), "mqtt5-test-report-"));
  const tapFile = join(tapDir, "report.tap");
  try {
    const testStatus = runNode([
      "--test",
      `--test-concurrency=${process.env.TEST_CONCURRENCY ?? "2"}`,
      `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? "120000"}`,
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tapFile}`,
      ...nodeTestFlags,
      ...files.map((file) => relative(root, file)),
    ]);
    const summary = existsSync(tapFile) ? tapSummary(readFileSync(tapFile, "utf8")) : [];
    console.log(`\n${summary.join("\n")}`);
    if (compileStatus !== 0) console.log("# compile FAILED (see the tsc output above)");
    if (lintStatus !== 0) console.log("# lint FAILED (see the eslint output above)");
    if (testStatus !== 0) return testStatus;
    return lintStatus === 0 && compileStatus === 0 ? 0 : 1;
  } finally {
    rmSync(tapDir, { recursive: true, force: true });
  }
}

process.exitCode = main();
