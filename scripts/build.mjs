// Builds the package: ESM + .d.ts (dist/esm), CommonJS + .d.ts (dist/cjs) and the browser bundles (dist/browser).
import { rmSync, writeFileSync, mkdirSync, chmodSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
rmSync(join(root, "dist"), { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.cjs.json"]) {
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, project)], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
mkdirSync(join(root, "dist", "cjs"), { recursive: true });
writeFileSync(join(root, "dist", "cjs", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
const cli = join(root, "dist", "esm", "cli", "main.js");
if (existsSync(cli)) chmodSync(cli, 0o755);
// The browser bundles (dist/browser): IIFE and ESM, checked free of Node built-ins.
const browser = spawnSync(process.execPath, [join(root, "scripts", "build-browser.mjs")], { stdio: "inherit" });
if (browser.status !== 0) process.exit(browser.status ?? 1);
console.log("build: dist/esm, dist/cjs and dist/browser written");
