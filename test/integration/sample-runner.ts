// Runs the samples/ programs as a user would, without `npm run build`: each sample is transpiled (TypeScript's
// transpileModule) into a temporary folder, and a module-resolution hook maps the package name "mqtt5-client" to
// the library compiled for the tests (<build>/src/index.js). typeCheckSamples() type-checks them against src/.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const buildRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPO_ROOT = resolve(buildRoot, "..");
export const SAMPLES_DIR = join(REPO_ROOT, "samples");

export interface SampleResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TranspiledSamples {
  readonly dir: string;
  run(name: string, args: readonly string[], env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<SampleResult>;
  remove(): void;
}

export function sampleNames(): string[] {
  return readdirSync(SAMPLES_DIR).filter((file) => /^mqtt5-.*\.ts$/.test(file)).map((file) => file.replace(/\.ts$/, ""));
}

export function transpileSamples(): TranspiledSamples {
  const dir = mkdtempSync(join(tmpdir(), "mqtt5-samples-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const file of readdirSync(SAMPLES_DIR).filter((name) => name.endsWith(".ts"))) {
    const output = ts.transpileModule(readFileSync(join(SAMPLES_DIR, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    writeFileSync(join(dir, file.replace(/\.ts$/, ".js")), output.outputText);
  }
  const library = pathToFileURL(join(buildRoot, "src", "index.js")).href;
  writeFileSync(
    join(dir, "resolver.mjs"),
    `export async function resolve(specifier, context, next) {\n` +
      `  if (specifier === "mqtt5-client") return { url: ${JSON.stringify(library)}, shortCircuit: true };\n` +
      `  return next(specifier, context);\n}\n`,
  );
  writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister("./resolver.mjs", import.meta.url);\n`);
  return {
    dir,
    run: (name, args, env = process.env, timeoutMs = 60_000) =>
      new Promise((resolveRun) => {
        const child = spawn(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, join(dir, `${name}.js`), ...args], {
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("close", (code) => {
          clearTimeout(timer);
          resolveRun({ code, stdout, stderr });
        });
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `tsc --noEmit` over samples/*.ts with "mqtt5-client" mapped to src/index.ts. Returns tsc's output ("" = clean). */
export function typeCheckSamples(): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "mqtt5-samples-tsc-"));
  try {
    const config = {
      extends: join(REPO_ROOT, "tsconfig.base.json"),
      compilerOptions: { noEmit: true, rootDir: REPO_ROOT, typeRoots: [join(REPO_ROOT, "node_modules", "@types")], paths: { "mqtt5-client": [join(REPO_ROOT, "src", "index.ts")] } },
      files: readdirSync(SAMPLES_DIR).filter((name) => name.endsWith(".ts")).map((name) => join(SAMPLES_DIR, name)),
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { encoding: "utf8", cwd: REPO_ROOT });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
