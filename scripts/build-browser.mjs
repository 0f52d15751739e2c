// Bundles the browser entry (src/browser.ts) with esbuild:
//   dist/browser/mqtt5-client.min.js       IIFE for a <script> tag, global `mqtt5client`; everything inlined,
//                                          the SigV4 signing code included
//   dist/browser/mqtt5-client.esm.min.js   ES module; the SigV4 signing code is split into chunks/ and only
//                                          loaded by a connection attempt that signs
// and checks that no Node built-in made it into either bundle. Prints the sizes (minified and gzip -9), each file
// compressed on its own as a server would send it. "Up front" is an ESM entry plus the chunks it imports statically
// (shared with the SigV4 chunks); "lazy" chunks are fetched only by a dynamic import(). The goal figure of issue 8,
// "client without AWS signing", is measured on a small app that imports `mqtt5` only and creates and starts a
// client (bundled in memory with the same settings; its up-front part). After esbuild, enum objects are rewritten
// into a compact form (compact-enums.mjs) and terser compresses each file once more (its default, safe compress
// options find ~3 % that esbuild's minifier leaves); source maps are carried through both steps.
//
//   node scripts/build-browser.mjs [--outdir DIR] [--json]
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { minify } from "terser";
import { compactEnums } from "./compact-enums.mjs";

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
  return sizeOfBytes(path, readFileSync(path));
}

function sizeOfBytes(file, bytes) {
  return { file, minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** `entry` and every output it imports statically, transitively: what a page loads before any import(). */
function upFrontFiles(metafile, entry) {
  const found = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (found.has(file)) continue;
    found.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (imported.kind === "import-statement") pending.push(imported.path);
  }
  return found;
}

function total(sizes) {
  return sizes.reduce((sum, size) => ({ minifiedBytes: sum.minifiedBytes + size.minifiedBytes, gzipBytes: sum.gzipBytes + size.gzipBytes }), {
    minifiedBytes: 0,
    gzipBytes: 0,
  });
}

const TERSER_VERSION = createRequire(import.meta.url)("terser/package.json").version;
/** terser results by input hash: the browser tests build the same bundles in several processes (~2 s each). */
const TERSER_CACHE = join(root, ".build-terser-cache");
const TERSER_CACHE_ENTRIES = 24;

/** terser over one esbuild output; `map` (parsed) is chained into the new source map. */
async function compress(code, map, format, file) {
  const options = {
    module: format === "esm",
    ecma: 2020,
    compress: { passes: 2 },
    format: { comments: false },
    sourceMap: map === undefined ? false : { content: map, url: `${basename(file)}.map` },
  };
  const key = createHash("sha256").update(JSON.stringify([TERSER_VERSION, options, code])).digest("hex");
  const cached = join(TERSER_CACHE, `${key}.json`);
  try {
    return JSON.parse(readFileSync(cached, "utf8"));
  } catch {
    // not cached yet (or pruned by a parallel build meanwhile)
  }
  const result = await minify(code, options);
  if (result.code === undefined) throw new Error(`terser produced nothing for ${file}`);
  const output = { code: result.code, map: map === undefined ? undefined : JSON.parse(result.map) };
  mkdirSync(TERSER_CACHE, { recursive: true });
  writeFileSync(`${cached}.${process.pid}`, JSON.stringify(output));
  renameSync(`${cached}.${process.pid}`, cached); // atomic: parallel test processes may write the same entry
  pruneCache();
  return output;
}

function pruneCache() {
  const entries = readdirSync(TERSER_CACHE)
    .filter((name) => name.endsWith(".json"))
    .map((name) => ({ path: join(TERSER_CACHE, name), time: statSync(join(TERSER_CACHE, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const entry of entries.slice(TERSER_CACHE_ENTRIES)) rmSync(entry.path, { force: true });
}

/**
 * esbuild with `write: false`, then the enum rewrite and terser on every JavaScript output (and its source map),
 * then the files are written (unless `write` is false). Returns the build result with the rewritten outputFiles.
 */
async function bundle(options, { write = true } = {}) {
  const result = await build({ ...options, write: false });
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file]));
  const outputs = [];
  for (const file of result.outputFiles) {
    if (file.path.endsWith(".map") && byPath.has(file.path.slice(0, -4))) continue; // written with its script
    if (!file.path.endsWith(".js")) {
      outputs.push({ path: file.path, contents: file.contents });
      continue;
    }
    const mapFile = byPath.get(`${file.path}.map`);
    const compacted = compactEnums(file.text, mapFile === undefined ? undefined : JSON.parse(mapFile.text), options.format);
    const rewritten = await compress(compacted.code, compacted.map, options.format, file.path);
    outputs.push({ path: file.path, contents: Buffer.from(rewritten.code) });
    if (mapFile !== undefined) outputs.push({ path: mapFile.path, contents: Buffer.from(JSON.stringify(rewritten.map)) });
  }
  if (write) {
    for (const output of outputs) {
      mkdirSync(dirname(output.path), { recursive: true });
      writeFileSync(output.path, output.contents);
    }
  }
  return { ...result, outputFiles: outputs };
}

/** An app that imports `mqtt5` only and creates and starts a client: the goal measure (issue 8). */
const CLIENT_ONLY_APP = `import { mqtt5 } from "./src/browser.ts";
const client = new mqtt5.Mqtt5Client({ hostName: "broker.example", port: 443 });
client.start();
`;

/** Bundles CLIENT_ONLY_APP in memory (ESM, code splitting) and sizes its up-front part. */
async function clientOnlySize() {
  const result = await bundle(
    {
      ...common,
      entryPoints: undefined,
      stdin: { contents: CLIENT_ONLY_APP, resolveDir: root, loader: "ts", sourcefile: "client-only-app.ts" },
      format: "esm",
      splitting: true,
      sourcemap: false,
      outdir: join(root, ".build-client-only"),
      entryNames: "app",
    },
    { write: false },
  );
  const entry = Object.keys(result.metafile.outputs).find((file) => file.endsWith("app.js"));
  const eager = upFrontFiles(result.metafile, entry);
  const files = result.outputFiles.filter((output) => eager.has(relative(root, output.path).split("\\").join("/")));
  if (files.length !== eager.size) throw new Error(`client-only app: expected ${eager.size} up-front files, found ${files.length}`);
  return { ...total(files.map((output) => sizeOfBytes(relative(root, output.path), output.contents))), files: files.length };
}

/**
 * Builds both bundles into `outdir` and returns their sizes (with `clientOnly: true` also the goal figure, which
 * costs a third build); throws when a Node built-in was bundled.
 */
export async function buildBrowserBundles(outdir = join(root, "dist", "browser"), { clientOnly = false } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const iife = await bundle({ ...common, format: "iife", globalName: GLOBAL_NAME, outfile: join(outdir, IIFE_FILE) });
  const esm = await bundle({
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
  const esmEntry = Object.keys(esm.metafile.outputs).find((file) => resolve(root, file) === join(outdir, ESM_FILE));
  const upFront = upFrontFiles(esm.metafile, esmEntry);
  const chunks = Object.keys(esm.metafile.outputs).filter((file) => file.endsWith(".js") && file !== esmEntry);
  const sharedChunks = chunks.filter((file) => upFront.has(file)).map((file) => sizeOf(resolve(root, file)));
  const report = {
    iife: sizeOf(join(outdir, IIFE_FILE)),
    esm: sizeOf(join(outdir, ESM_FILE)),
    esmSharedChunks: sharedChunks,
    esmLazyChunks: chunks.filter((file) => !upFront.has(file)).map((file) => sizeOf(resolve(root, file))),
    clientOnly: clientOnly ? await clientOnlySize() : undefined,
    bundledInputs: Object.keys(iife.metafile.inputs).length,
  };
  report.esmUpFront = total([report.esm, ...sharedChunks]);
  return report;
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--outdir");
  const outdir = at >= 0 && args[at + 1] !== undefined ? resolve(args[at + 1]) : undefined;
  const report = await buildBrowserBundles(outdir, { clientOnly: true });
  if (args.includes("--json")) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const line = (label, size) => `  ${label.padEnd(60)} ${kB(size.minifiedBytes).padStart(9)} min  ${kB(size.gzipBytes).padStart(9)} gzip`;
    const dir = dirname(report.iife.file);
    const name = (chunk) => relative(dir, chunk.file);
    console.log(`build-browser: ${dir.startsWith(root) ? relative(root, dir) : dir}`);
    console.log(line(`${IIFE_FILE} (IIFE, SigV4 included)`, report.iife));
    console.log(line(`${ESM_FILE} (ESM entry)`, report.esm));
    for (const chunk of report.esmSharedChunks) console.log(line(`  + static ${name(chunk)}`, chunk));
    console.log(line("  = ESM loaded up front (without SigV4)", report.esmUpFront));
    for (const chunk of report.esmLazyChunks) console.log(line(`  lazy ${name(chunk)}`, chunk));
    console.log(line("client without AWS signing (mqtt5 only; goal ≤ 25 kB gzip)", report.clientOnly));
  }
  writeFileSync(join(dirname(report.iife.file), "sizes.json"), `${JSON.stringify(report, null, 2)}\n`);
}
