// The package as a browser app sees it: the browser entry is compiled (tsc, as `npm run build` does) into a temp
// copy of the package inside a tiny app; then
//   - its declarations type-check a consumer with lib ["ES2022", "DOM"], moduleResolution "bundler", no @types/node
//     (and skipLibCheck off, so the package's own .d.ts files are checked too);
//   - esbuild, Vite (Rollup) and webpack each bundle the app WITHOUT configuration; the result contains no Node
//     built-in, and it runs in Chromium;
//   - scripts/build-browser.mjs (the dist/browser bundles) reports its sizes and bundles no Node built-in.
// The temp app lives under the repository (.build-bundlers-*/, git-ignored) so that the package's lazily loaded
// dependencies resolve from the repository's node_modules, as they would from the app's own.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { builtinModules } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join, normalize, relative, sep } from "node:path";
import type { Browser } from "playwright-core";
import { BrowserSession, browserBundles, launchChromium, repositoryRoot } from "./support/browser-session.js";

let work: string;
let app: string;
let chromium: Browser | undefined;

const APP_SOURCE = `import { mqtt5, CrtError, ConnectionError } from "mqtt5-client";
const client = new mqtt5.Mqtt5Client({
  hostName: "127.0.0.1",
  port: 1,
  websocketOptions: { urlFactoryOptions: { urlFactory: mqtt5.Mqtt5WebsocketUrlFactoryType.Ws } },
});
globalThis.appResult = {
  client: typeof mqtt5.Mqtt5Client,
  exactlyOnce: mqtt5.QoS.ExactlyOnce,
  connected: client.isConnected(),
  errors: typeof CrtError === "function" && new ConnectionError("x", "y") instanceof CrtError,
};
`;

const CONSUMER_SOURCE = `import { mqtt5, ConnectionError, type ICrtError } from "mqtt5-client";

const client = new mqtt5.Mqtt5Client({
  hostName: "example-ats.iot.us-east-1.amazonaws.com",
  port: 443,
  connectTimeoutMs: 5_000,
  offlineQueueBehavior: mqtt5.ClientOperationQueueBehavior.FailNonQos1PublishOnDisconnect,
  websocketOptions: { urlFactoryOptions: { urlFactory: mqtt5.Mqtt5WebsocketUrlFactoryType.Wss } },
  connectProperties: { clientId: "types", keepAliveIntervalSeconds: 60 },
});
client.on("messageReceived", (event: mqtt5.MessageReceivedEvent) => {
  const text: string = new TextDecoder().decode(event.message.payload as ArrayBuffer);
  document.title = text;
});
client.on("connectionFailure", (event) => {
  const error: ICrtError = event.error;
  if (error instanceof ConnectionError) console.log(error.code);
});
client.once(mqtt5.Mqtt5Client.STOPPED, () => client.close());
client.start();
async function run(): Promise<void> {
  const pubcomp: mqtt5.PubcompPacket | mqtt5.PubrecPacket = await client.publish({ topicName: "t", qos: mqtt5.QoS.ExactlyOnce, payload: "x" });
  const stats: mqtt5.ClientStatistics = client.getOperationalStatistics();
  console.log(pubcomp.reasonCode, stats.incompleteOperationCount, client.isConnected());
}
void run();
// @ts-expect-error unknown event names are type errors
client.on("nonsense", () => undefined);
// @ts-expect-error Node-only transport settings do not exist in the browser configuration
new mqtt5.Mqtt5Client({ hostName: "h", port: 1, tlsCtx: {} });
`;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 240_000 });
  assert.equal(result.status, 0, `${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

before(() => {
  work = mkdtempSync(join(repositoryRoot, ".build-bundlers-"));
  app = join(work, "app");
  const packageDir = join(app, "node_modules", "mqtt5-client");
  mkdirSync(join(app, "src"), { recursive: true });
  // Compile the browser entry's module graph exactly as the published build does (tsconfig.build.json).
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      extends: join(repositoryRoot, "tsconfig.build.json"),
      compilerOptions: { outDir: join(packageDir, "dist", "esm"), rootDir: join(repositoryRoot, "src"), declarationMap: false, sourceMap: false },
      include: [],
      files: [join(repositoryRoot, "src", "browser.ts")],
    }),
  );
  run(process.execPath, [join(repositoryRoot, "node_modules", "typescript", "bin", "tsc"), "-p", join(work, "tsconfig.json")], work);
  copyFileSync(join(repositoryRoot, "package.json"), join(packageDir, "package.json"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "tiny-app", private: true, type: "module" }));
  writeFileSync(join(app, "src", "index.js"), APP_SOURCE); // webpack's zero-configuration entry
  writeFileSync(join(app, "index.html"), '<!doctype html><script type="module" src="/src/index.js"></script>\n'); // Vite's
});

after(async () => {
  await chromium?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const NODE_BUILTIN = new RegExp(
  `(?:from|import|require)\\s*\\(?\\s*["'](?:node:[\\w/]+|${builtinModules.filter((name) => !name.startsWith("_")).map((name) => name.replace("/", "\\/")).join("|")})["']`,
);

function assertNoNodeBuiltins(files: string[]): void {
  assert.ok(files.length > 0, "the bundler wrote no JavaScript");
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, NODE_BUILTIN, `${file} refers to a Node built-in`);
  }
}

function javaScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Serves `dir` on 127.0.0.1 and opens a page that loads `entry` (relative to `dir`) as a module or classic script,
 * so that lazily loaded chunks can be fetched as they would be in production; returns the app's result.
 */
async function runInChromium(dir: string, entry: string, asModule: boolean): Promise<unknown> {
  const html = `<!doctype html><link rel=icon href="data:,"><script ${asModule ? 'type="module" ' : ""}src="/${entry}"></script>`;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(html);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  chromium ??= await launchChromium();
  const page = await chromium.newPage();
  try {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page
      .waitForFunction(() => (globalThis as { appResult?: unknown }).appResult !== undefined, undefined, { timeout: 10_000 })
      .catch((error: unknown) => assert.fail(`the app did not run: ${String(error)}; page errors: ${errors.join("; ")}`));
    assert.deepEqual(errors, []);
    return await page.evaluate(() => (globalThis as { appResult?: unknown }).appResult);
  } finally {
    await page.close();
    server.close();
  }
}

const EXPECTED_RESULT = { client: "function", exactlyOnce: 2, connected: false, errors: true };

test("the browser types compile for a DOM app with moduleResolution bundler and no @types/node", () => {
  const consumer = join(work, "consumer");
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, "app.ts"), CONSUMER_SOURCE);
  // Its own package.json, or "mqtt5-client" would resolve as the repository's self-reference.
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "types-consumer", private: true, type: "module" }));
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022", "DOM"],
        module: "ESNext",
        moduleResolution: "bundler",
        types: [],
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        noEmit: true,
        typeRoots: [],
      },
      files: ["app.ts"],
    }),
  );
  // The consumer gets its own copy of the compiled package in its node_modules.
  mkdirSync(join(consumer, "node_modules"), { recursive: true });
  run("cp", ["-r", join(app, "node_modules", "mqtt5-client"), join(consumer, "node_modules", "mqtt5-client")], work);
  const listed = run(process.execPath, [join(repositoryRoot, "node_modules", "typescript", "bin", "tsc"), "-p", consumer, "--listFiles"], consumer);
  assert.match(listed, /mqtt5-client\/dist\/esm\/browser\.d\.ts/, "resolved the browser declarations");
  assert.doesNotMatch(listed, /@types\/node/, "no Node typings were pulled in");
});

test("esbuild bundles the app without configuration (platform browser); it runs in Chromium", { timeout: 120_000 }, async () => {
  const { build } = await import("esbuild");
  const outfile = join(work, "out-esbuild", "app.js");
  const result = await build({ absWorkingDir: app, entryPoints: ["src/index.js"], bundle: true, outfile, logLevel: "silent" });
  assert.deepEqual(result.errors, []);
  assertNoNodeBuiltins([outfile]);
  assert.deepEqual(await runInChromium(dirname(outfile), "app.js", false), EXPECTED_RESULT);
});

test("Vite (Rollup) builds the app without configuration; it runs in Chromium", { timeout: 180_000 }, async () => {
  const { build } = await import("vite");
  const outDir = join(work, "out-vite");
  const warnings: string[] = [];
  await build({
    root: app,
    configFile: false,
    logLevel: "silent",
    build: { outDir, emptyOutDir: true, rollupOptions: { onwarn: (warning) => void warnings.push(warning.message) } },
  });
  assert.deepEqual(warnings.filter((message) => /externalized|node:|built-in/i.test(message)), []);
  const files = javaScriptFiles(outDir);
  assertNoNodeBuiltins(files);
  const entry = files.find((file) => /index-[\w-]+\.js$/.test(file));
  assert.ok(entry !== undefined, `no entry chunk among ${files.join(", ")}`);
  assert.deepEqual(await runInChromium(outDir, relative(outDir, entry), true), EXPECTED_RESULT);
});

test("webpack builds the app without configuration (./src/index.js → ./dist/main.js); it runs in Chromium", { timeout: 180_000 }, async () => {
  const webpack = (await import("webpack")).default;
  const outputPath = join(work, "out-webpack");
  const stats = await new Promise<import("webpack").Stats>((resolve, reject) =>
    webpack({ context: app, mode: "production", output: { path: outputPath } }, (error, result) => {
      if (error || result === undefined) reject(error ?? new Error("webpack produced no stats"));
      else resolve(result);
    }),
  );
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual(info.errors ?? [], []);
  assert.deepEqual((info.warnings ?? []).map((warning) => warning.message).filter((message) => !/size limit|performance/i.test(message)), []);
  const files = javaScriptFiles(outputPath);
  assertNoNodeBuiltins(files);
  assert.ok(files.some((file) => file.endsWith("main.js")), files.join(", "));
  assert.deepEqual(await runInChromium(outputPath, "main.js", false), EXPECTED_RESULT);
});

test("scripts/build-browser.mjs: IIFE and ESM bundles without Node built-ins; the sizes are reported", { timeout: 120_000 }, async () => {
  const { report } = await browserBundles();
  for (const size of [report.iife, report.esm]) {
    assert.ok(size.minifiedBytes > 10_000 && size.gzipBytes > 3_000 && size.gzipBytes < size.minifiedBytes, JSON.stringify(size));
  }
  assert.ok(report.esmLazyChunks.length > 0, "the SigV4 signing code is split off the ESM bundle");
  assert.ok(report.iife.minifiedBytes > report.esm.minifiedBytes, "the IIFE carries the signing code inline");
  const upFront = [report.esm, ...report.esmSharedChunks].reduce((sum, size) => sum + size.gzipBytes, 0);
  assert.equal(report.esmUpFront.gzipBytes, upFront, "up front = the ESM entry plus its static chunks");
  const session = await BrowserSession.start(); // serves the IIFE build: it loads and defines the global
  try {
    const page = await session.openPage();
    const names = await page.page.evaluate(() => Object.keys((globalThis as unknown as { mqtt5client: object }).mqtt5client).sort());
    assert.ok(names.includes("mqtt5") && names.includes("mqtt5_packet") && names.includes("CrtError"), names.join(","));
    // The minified classes still name themselves (String(error) reads "ValidationError: …").
    const errorName = await page.page.evaluate(() => {
      const lib = (globalThis as unknown as { mqtt5client: { ValidationError: new (field: string, rule: string) => Error } }).mqtt5client;
      return new lib.ValidationError("port", "is required").name;
    });
    assert.equal(errorName, "ValidationError");
    await page.close();
  } finally {
    await session.close();
  }
});
