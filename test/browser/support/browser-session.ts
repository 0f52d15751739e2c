// Node side of the browser tests: builds the browser bundles once per test process (scripts/build-browser.mjs,
// into a temp folder, never dist/), serves them with a tiny page on 127.0.0.1, launches /usr/bin/chromium through
// playwright-core with the flags of reference/peers.md, and wraps the in-page harness (page-harness.ts) in typed
// calls. Never `playwright install`: the browser is the Debian package that scripts/ensure-peers.mjs installs.
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { installPageHarness, type Outcome, type PageClientConfig, type PageHarness, type RecordedEvent } from "./page-harness.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

export interface BundleSizes {
  readonly file: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
}

export interface BundleReport {
  readonly iife: BundleSizes;
  readonly esm: BundleSizes;
  /** Chunks the ESM entry imports statically (code it shares with the lazy SigV4 chunks). */
  readonly esmSharedChunks: BundleSizes[];
  readonly esmLazyChunks: BundleSizes[];
  /** The ESM entry plus its static chunks. */
  readonly esmUpFront: Omit<BundleSizes, "file">;
  /** Up-front part of an app that imports `mqtt5` only and creates and starts a client (the issue-8 goal figure). */
  readonly clientOnly?: Omit<BundleSizes, "file"> & { readonly files: number };
  readonly bundledInputs: number;
}

interface BuildScript {
  buildBrowserBundles(outdir: string, options?: { clientOnly?: boolean }): Promise<BundleReport>;
  readonly IIFE_FILE: string;
  readonly ESM_FILE: string;
  readonly GLOBAL_NAME: string;
}

export function loadBuildScript(): Promise<BuildScript> {
  return import(pathToFileURL(join(repositoryRoot, "scripts", "build-browser.mjs")).href) as Promise<BuildScript>;
}

let bundles: Promise<{ dir: string; report: BundleReport; script: BuildScript }> | undefined;

/** Builds the bundles into a temp folder once per process (removed at exit). */
export function browserBundles(): Promise<{ dir: string; report: BundleReport; script: BuildScript }> {
  bundles ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "mqtt5-browser-bundle-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const script = await loadBuildScript();
    return { dir, report: await script.buildBrowserBundles(dir), script };
  })();
  return bundles;
}

const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".map": "application/json", ".html": "text/html" };

/** Serves `dir` plus an index page that loads the IIFE bundle and installs the harness. */
async function startPageServer(dir: string, iifeFile: string): Promise<{ server: Server; origin: string }> {
  const page = [
    "<!doctype html><meta charset=utf-8><link rel=icon href=\"data:,\"><title>mqtt5-client browser tests</title>",
    `<script src="/${iifeFile}"></script>`,
    `<script>(${installPageHarness.toString()})()</script>`,
  ].join("\n");
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/" || path === "/index.html") {
      response.writeHead(200, { "content-type": "text/html" }).end(page);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("page server has no port");
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** One Chromium, one page server; pages are opened per test. */
export class BrowserSession {
  private constructor(
    readonly browser: Browser,
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<BrowserSession> {
    const { dir, script } = await browserBundles();
    const { server, origin } = await startPageServer(dir, script.IIFE_FILE);
    try {
      return new BrowserSession(await launchChromium(), server, origin);
    } catch (error) {
      server.close();
      throw error;
    }
  }

  /** A fresh context (own network conditions, trusts the test CA through ignoreHTTPSErrors) with the harness page. */
  async openPage(): Promise<HarnessPage> {
    const context = await this.browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on("console", (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on("pageerror", (error) => consoleLines.push(`[pageerror] ${error.message}`));
    await page.goto(`${this.origin}/`);
    await page.waitForFunction(() => (globalThis as { harness?: unknown }).harness !== undefined);
    return new HarnessPage(context, page, consoleLines);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
  }
}

type HarnessMethod = keyof PageHarness;
type Awaited2<T> = T extends Promise<infer U> ? U : T;

/** Typed calls into the page's harness. */
export class HarnessPage {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly consoleLines: string[],
  ) {}

  call<K extends HarnessMethod>(method: K, ...args: Parameters<PageHarness[K]>): Promise<Awaited2<ReturnType<PageHarness[K]>>> {
    return this.page.evaluate(
      ({ method: name, args: list }) => {
        const harness = (globalThis as unknown as { harness: Record<string, (...values: unknown[]) => unknown> }).harness;
        const fn = harness[name];
        if (fn === undefined) throw new Error(`no harness method ${name}`);
        return fn(...list);
      },
      { method: method as string, args: args as unknown[] },
    ) as Promise<Awaited2<ReturnType<PageHarness[K]>>>;
  }

  /** Creates a client; throws (with the page's error) when the constructor threw. */
  async createClient(id: string, config: PageClientConfig): Promise<void> {
    const created = await this.call("create", id, config);
    if (!created.ok) throw new Error(`creating ${id} failed: ${created.error.message}`);
  }

  waitForEvent(id: string, name: string, count = 1, timeoutMs = 15_000): Promise<RecordedEvent> {
    return this.call("waitForEvent", id, name, count, timeoutMs);
  }

  /** Unwraps an Outcome, failing the test with the page's error. */
  static value<T>(outcome: Outcome<unknown>, what: string): T {
    if (!outcome.ok) throw new Error(`${what} failed in the page: ${outcome.error.message} (${outcome.error.code ?? "no code"})`);
    return outcome.value as T;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
