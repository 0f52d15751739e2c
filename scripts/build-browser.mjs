// Bundles the browser entry (src/browser.ts) with esbuild:
//   dist/browser/mqtt5-client.min.js       IIFE for a <script> tag, global `mqtt5client`; everything inlined,
//                                          the SigV4 signing code included
//   dist/browser/mqtt5-client.esm.min.js   ES module; the SigV4 signing code is split into chunks/ and only
//                                          loaded by a connection attempt that signs
// and checks that no Node built-in made it into either bundle. Prints the sizes (minified and gzip -9).
//
//   node scripts/build-browser.mjs [--outdir DIR] [--json]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const GLOBAL_NAME = "mqtt5client";
export const IIFE_FILE = "mqtt5-client.min.js";
export const ESM_FILE = "mqtt5-client.esm.min.js";

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const common = {
  absWorkingDir: root,
  entryPoints: [join(root, "src", "browser.ts")],
  bundle: true,
  minify: true,
  sourcemap: "linked",
  platform: "browser",
  // Private class fields, `??=`, top-level await-free ES2022: every evergreen browser since 2021.
  target: "es2022",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
};

/** Every import esbuild left unresolved or that names a Node built-in, with the file that imports it. */
function nodeImports(metafile) {
  const found = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const entry of input.imports) {
      if (entry.external || NODE_BUILTINS.has(entry.path)) found.push(`${file} → ${entry.path}`);
    }
  }
  return found;
}

/**
 * Traces a Node built-in would leave in bundled output: a require/import of one, and — in our own code (the ESM
 * entry chunk, which holds no dependency code) — use of the Node globals Buffer and process. (The lazily loaded AWS
 * signing packages test `typeof Buffer` before using it, which is fine in a browser.)
 */
function nodeTraces(text, ownCode) {
  const traces = [];
  for (const match of text.matchAll(/(?:require\(|from\s*|import\()\s*["']([^"']+)["']/g)) {
    const specifier = match[1];
    if (specifier.startsWith("node:") || NODE_BUILTINS.has(specifier)) traces.push(specifier);
  }
  if (ownCode && /\bBuffer\b/.test(text)) traces.push("Buffer");
  if (ownCode && /\bprocess\.(?:nextTick|env|versions|platform)\b/.test(text)) traces.push("process");
  return traces;
}

function sizeOf(path) {
  const bytes = readFileSync(path);
  return { file: path, minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Builds both bundles into `outdir` and returns their sizes; throws when a Node built-in was bundled. */
export async function buildBrowserBundles(outdir = join(root, "dist", "browser")) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const iife = await build({ ...common, format: "iife", globalName: GLOBAL_NAME, outfile: join(outdir, IIFE_FILE) });
  const esm = await build({
    ...common,
    format: "esm",
    splitting: true,
    outdir,
    entryNames: "mqtt5-client.esm.min",
    chunkNames: "chunks/[name]-[hash]",
  });
  const problems = [...nodeImports(iife.metafile), ...nodeImports(esm.metafile)];
  const outputs = [...Object.keys(iife.metafile.outputs), ...Object.keys(esm.metafile.outputs)].filter((file) => file.endsWith(".js"));
  for (const file of outputs) {
    const ownCode = resolve(root, file) === join(outdir, ESM_FILE);
    for (const trace of nodeTraces(readFileSync(resolve(root, file), "utf8"), ownCode)) problems.push(`${file} contains ${trace}`);
  }
  if (problems.length > 0) throw new Error(`the browser bundle reaches Node built-ins:\n  ${problems.join("\n  ")}`);
  const chunks = Object.keys(esm.metafile.outputs)
    .filter((file) => file.endsWith(".js") && resolve(root, file) !== join(outdir, ESM_FILE))
    .map((file) => sizeOf(resolve(root, file)));
  return {
    iife: sizeOf(join(outdir, IIFE_FILE)),
    esm: sizeOf(join(outdir, ESM_FILE)),
    esmLazyChunks: chunks,
    bundledInputs: Object.keys(iife.metafile.inputs).length,
  };
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--outdir");
  const outdir = at >= 0 && args[at + 1] !== undefined ? resolve(args[at + 1]) : undefined;
  const report = await buildBrowserBundles(outdir);
  if (args.includes("--json")) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const line = (label, size) => `  ${label.padEnd(44)} ${kB(size.minifiedBytes).padStart(9)} min  ${kB(size.gzipBytes).padStart(9)} gzip`;
    const dir = dirname(report.iife.file);
    console.log(`build-browser: ${dir.startsWith(root) ? relative(root, dir) : dir}`);
    console.log(line(`${IIFE_FILE} (IIFE, SigV4 included)`, report.iife));
    console.log(line(`${ESM_FILE} (ESM, without SigV4)`, report.esm));
    for (const chunk of report.esmLazyChunks) console.log(line(`  lazy ${relative(dirname(report.iife.file), chunk.file)}`, chunk));
  }
  writeFileSync(join(dirname(report.iife.file), "sizes.json"), `${JSON.stringify(report, null, 2)}\n`);
}
