// `npm run bench [-- --smoke | --repetitions N | --scenarios a,b | --clients x,y | --out FILE]`: compiles src/,
// test/ and bench/ into .bench-build/ (its own folder, so a benchmark never disturbs a test run's .test-build/),
// then runs the client benchmark (bench/client-bench.ts), which starts its own Mosquitto. See bench/README.md.
import { rmSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, ".bench-build");
if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
console.log("compiling into .bench-build/ …");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.test.json"), "--outDir", outDir], { stdio: "inherit" });
if (compiled.status !== 0) {
  console.error("bench: TypeScript compilation failed");
  process.exit(compiled.status ?? 1);
}
const bench = spawnSync(process.execPath, [join(outDir, "bench", "client-bench.js"), ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
process.exit(bench.status ?? 1);
