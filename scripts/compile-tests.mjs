// Compiles src/, test/ and bench/ into .test-build/ from scratch, so tests never run on stale output.
import { rmSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, ".test-build");
if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.test.json")], { stdio: "inherit" });
if (result.status !== 0) {
  console.error("compile-tests: TypeScript compilation failed");
  process.exit(result.status ?? 1);
}
