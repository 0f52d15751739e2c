// scripts/compact-enums.mjs, the post-processing of the browser bundles that writes esbuild's enum IIFEs in a
// compact form: the rewritten object must equal the original (forward and reverse mappings, key order, duplicate
// values), and the source map must still point at the same code after the shifted columns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface SourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
}
interface CompactEnums {
  compactEnums(code: string, map: SourceMap | undefined, format: "esm" | "iife"): { code: string; map: SourceMap | undefined; count: number };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const load = (): Promise<CompactEnums> => import(pathToFileURL(join(root, "scripts", "compact-enums.mjs")).href) as Promise<CompactEnums>;

const QOS = `Q=(r=>(r[r.AtMostOnce=0]="AtMostOnce",r[r.AtLeastOnce=1]="AtLeastOnce",r[r.ExactlyOnce=2]="ExactlyOnce",r))(Q||{})`;
// Two names for 128 (the reverse mapping keeps the last), a gap, a negative value.
const SUBACK = `S=(n=>(n[n.Granted=0]="Granted",n[n.Failure311=128]="Failure311",n[n.UnspecifiedError=128]="UnspecifiedError",n[n.Minus=-1]="Minus",n[n.Next=0]="Next",n))(S||{})`;

function evaluate(code: string): Record<string, Record<string, unknown>> {
  return new Function(`${code};return {Q,S};`)() as Record<string, Record<string, unknown>>;
}

test("enum IIFEs become helper calls that build identical objects (ESM)", async () => {
  const { compactEnums } = await load();
  const code = `var ${QOS},${SUBACK};export{Q,S};`;
  const result = compactEnums(code, undefined, "esm");
  assert.equal(result.count, 2);
  assert.ok(result.code.length < code.length);
  assert.match(result.code, /"AtMostOnce,AtLeastOnce,ExactlyOnce"/);
  const strip = (text: string): string => text.replace(/export\{Q,S\};$/, "");
  const before = evaluate(strip(code));
  const after = evaluate(strip(result.code));
  for (const name of ["Q", "S"]) assert.deepEqual(Object.entries(after[name] ?? {}), Object.entries(before[name] ?? {}), name);
  assert.equal(after.S?.[128], "UnspecifiedError");
});

test("IIFE format: the helper goes inside the bundle's function, not into the global scope", async () => {
  const { compactEnums } = await load();
  const code = `"use strict";var lib=(()=>{var ${QOS};return{Q}})();`;
  const result = compactEnums(code, undefined, "iife");
  assert.equal(result.count, 1);
  assert.ok(result.code.startsWith(`"use strict";var lib=(()=>{function __E(`), result.code);
  const lib = new Function(`${result.code};return lib;`)() as { Q: Record<string, unknown> };
  assert.equal(lib.Q.ExactlyOnce, 2);
  assert.equal(lib.Q[1], "AtLeastOnce");
});

test("source map columns after a rewritten enum move with the code; other lines are untouched", async () => {
  const { compactEnums } = await load();
  const code = `var ${QOS};f("after");\ng("next line");`;
  const after = code.indexOf(`f("after")`);
  // One segment at column 0 and one at `f(...)` on line 1 (source 0, lines 10 and 20), one at column 0 on line 2.
  const map: SourceMap = { version: 3, sources: ["a.ts"], names: [], mappings: `AASA,${vlq(after)}AAUA;AAUA` };
  const result = compactEnums(code, map, "esm");
  const moved = result.code.indexOf(`f("after")`);
  const [line1, line2] = (result.map?.mappings ?? "").split(";");
  const columns = (line1 ?? "").split(",").map((segment) => decodeFirst(segment));
  assert.deepEqual([columns[0], (columns[0] ?? 0) + (columns[1] ?? 0)], [result.code.indexOf("var"), moved]);
  assert.equal(line2, "AAUA");
});

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function vlq(value: number): string {
  let rest = value << 1;
  let text = "";
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    text += BASE64[digit];
  } while (rest > 0);
  return text;
}
function decodeFirst(segment: string): number {
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if ((digit & 32) === 0) break;
    shift += 5;
  }
  return value & 1 ? -(value >>> 1) : value >>> 1;
}
