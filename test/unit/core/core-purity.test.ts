// The core (src/core/**) must stay pure: no Node modules, no dependencies, nothing from runtime/,
// transport/ or api/, and no clock, timer or randomness of its own (DESIGN.md §8.2 d). ESLint enforces the
// same rules; this test holds them even if the lint configuration is changed or skipped. It parses each file
// with the TypeScript compiler, so comments and strings that merely mention `setTimeout` do not count.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const FORBIDDEN_GLOBALS = new Set([
  "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate",
  "Date", "performance", "process", "Buffer", "require",
]);

function findRepositoryRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "src", "core"))) return dir;
  }
  throw new Error("repository root (package.json + src/core) not found above this test");
}

function listTypeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTypeScriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Names declared anywhere in the file (a local `process` parameter shadows the global; that is fine). */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    if (name !== undefined && ts.isIdentifier(name) && (ts.isVariableDeclaration(node) || ts.isParameter(node)
      || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isImportSpecifier(node)
      || ts.isImportClause(node) || ts.isNamespaceImport(node) || ts.isBindingElement(node))) {
      names.add(name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** True when the identifier is a property or member name rather than a reference to a variable. */
function isNameOfSomethingElse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
  if (ts.isQualifiedName(parent) && parent.right === node) return true;
  const named = parent as { name?: ts.Node };
  return named.name === node && !ts.isShorthandPropertyAssignment(parent);
}

function moduleSpecifiers(node: ts.Node): string[] {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined
    && ts.isStringLiteral(node.moduleSpecifier)) {
    return [node.moduleSpecifier.text];
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
    && ts.isStringLiteral(node.moduleReference.expression)) {
    return [node.moduleReference.expression.text];
  }
  if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword
    || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
    const [first] = node.arguments;
    return first !== undefined && ts.isStringLiteralLike(first) ? [first.text] : ["<computed>"];
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
    return [node.argument.literal.text];
  }
  return [];
}

function checkSpecifier(specifier: string, filePath: string, coreDir: string): string | undefined {
  if (specifier.startsWith("node:")) return `imports the Node module "${specifier}"`;
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
    return `imports "${specifier}" (the core has no dependencies and no Node modules)`;
  }
  const target = resolve(dirname(filePath), specifier);
  if (target !== coreDir && !target.startsWith(coreDir + sep)) {
    return `imports "${specifier}", outside src/core (core must not reach into runtime/, transport/, api/)`;
  }
  return undefined;
}

/** Every purity violation in one source text, as "line: what" strings. */
export function findViolations(filePath: string, text: string, coreDir: string): string[] {
  const source = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const declared = declaredNames(source);
  const violations: string[] = [];
  const report = (node: ts.Node, what: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    violations.push(`${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node): void => {
    for (const specifier of moduleSpecifiers(node)) {
      const problem = checkSpecifier(specifier, filePath, coreDir);
      if (problem !== undefined) report(node, problem);
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !declared.has(node.text) && !isNameOfSomethingElse(node)) {
      report(node, `uses the global ${node.text}`);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const owner = node.expression.text;
      const property = node.name.text;
      if (owner === "Math" && property === "random") report(node, "uses Math.random");
      if (owner === "globalThis" && FORBIDDEN_GLOBALS.has(property)) report(node, `uses globalThis.${property}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return violations;
}

const root = findRepositoryRoot();
const coreDir = join(root, "src", "core");

describe("core purity", () => {
  it("src/core/** imports only src/core, and uses no timers, clock, randomness or Node globals", () => {
    const files = listTypeScriptFiles(coreDir);
    assert.ok(files.length > 0, "no files found under src/core");
    const problems = files.flatMap((file) =>
      findViolations(file, readFileSync(file, "utf8"), coreDir).map((v) => `${relative(root, file)}:${v}`),
    );
    assert.deepEqual(problems, [], `core purity violations:\n${problems.join("\n")}`);
  });

  it("the scanner catches each kind of violation (so the check above can fail)", () => {
    const file = join(coreDir, "connection", "example.ts");
    const bad = [
      'import { readFileSync } from "node:fs";',
      'import type { Socket } from "net";',
      'import { driver } from "../../runtime/driver.js";',
      'export { tcp } from "../../transport/tcp.js";',
      'const lazy = await import("../../api/client.js");',
      "const at = Date.now();",
      "setTimeout(() => undefined, 1);",
      "const jitter = Math.random();",
      "const t = globalThis.setInterval;",
      'const bytes = Buffer.from("x");',
      "const env = process.env;",
      "type Later = import('../../runtime/clock.js').Clock;",
    ];
    const violations = findViolations(file, bad.join("\n"), coreDir);
    const lines = new Set(violations.map((v) => Number(v.split(":")[0])));
    assert.deepEqual([...lines].sort((a, b) => a - b), bad.map((_, i) => i + 1), violations.join("\n"));
  });

  it("the scanner accepts core-internal imports, comments, strings, member names and shadowing", () => {
    const file = join(coreDir, "connection", "example.ts");
    const fine = [
      'import type { Packet } from "../model/packet.js";',
      'import { encodePacket } from "../codec/index.js";',
      "// setTimeout and Date.now() are the runtime's job",
      'const note = "never call setTimeout here";',
      "const deadline = { setTimeout: 1, Date: 2 };",
      "function process(nowMs: number): number { return nowMs; }",
      "class Timer { performance(): number { return 0; } }",
      "const value = deadline.setTimeout + process(1) + new Timer().performance();",
    ];
    assert.deepEqual(findViolations(file, fine.join("\n"), coreDir), []);
  });
});
