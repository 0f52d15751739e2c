// `npm run demo:browser`: a loopback page showing the browser client live — events, received messages, queue
// statistics — against a broker reached over WebSocket. It builds dist/browser (scripts/build-browser.mjs), then
// serves, on one 127.0.0.1 port, the page (scripts/demo-browser.html), the bundle, and the broker's WebSocket at
// /mqtt: by default an embedded aedes 2.0.0-beta.1 (dev dependency) in this process; with --mosquitto a private
// Mosquitto (if installed) whose WebSocket listener the page connects to directly.
//
//   npm run demo:browser [-- --port 8080] [--mosquitto] [--check [--screenshot FILE]]
//
// --check builds into a temp folder instead of dist/browser, opens the page in headless Chromium (/usr/bin/chromium, via playwright-core), waits until it connected,
// subscribed and completed a QoS 0/1/2 round trip, optionally saves a screenshot, and exits (0 = it worked).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBrowserBundles, IIFE_FILE } from "./build-browser.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const port = Number(option("--port") ?? 0);
const check = args.includes("--check");
const screenshot = option("--screenshot");
const useMosquitto = args.includes("--mosquitto");
const MOSQUITTO = "/usr/sbin/mosquitto";

/** Embedded aedes: returns a handler for upgraded WebSockets and a close function. */
async function startAedes() {
  const [{ Aedes }, { WebSocketServer, createWebSocketStream }] = await Promise.all([import("aedes"), import("ws")]);
  const broker = await Aedes.createBroker();
  // MQTT over WebSocket requires the `mqtt` sub-protocol [MQTT-6.0.0-3].
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has("mqtt") ? "mqtt" : false) });
  wss.on("connection", (socket) => broker.handle(createWebSocketStream(socket)));
  return {
    description: `aedes ${broker.version} (embedded, in this process)`,
    upgrade: (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request)),
    close: () => new Promise((resolve) => broker.close(() => wss.close(() => resolve()))),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
}

/** A private Mosquitto with a plain listener (it needs one) and a WebSocket listener on loopback. */
async function startMosquitto() {
  if (!existsSync(MOSQUITTO)) throw new Error(`--mosquitto: ${MOSQUITTO} is not installed (apt-get install mosquitto)`);
  const dir = mkdtempSync(join(tmpdir(), "mqtt5-demo-mosquitto-"));
  const [tcpPort, wsPort] = [await freePort(), await freePort()];
  // peers.md: a websockets listener takes an interface name (`lo` = loopback only).
  const lines = [`listener ${tcpPort} 127.0.0.1`, "allow_anonymous true", `listener ${wsPort} lo`, "protocol websockets", "allow_anonymous true", "log_dest stderr"];
  writeFileSync(join(dir, "mosquitto.conf"), `${lines.join("\n")}\n`);
  const child = spawn(MOSQUITTO, ["-c", join(dir, "mosquitto.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  await new Promise((resolve, reject) => {
    let log = "";
    child.stderr.on("data", (chunk) => {
      log += chunk;
      if (/running/.test(log)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`mosquitto exited (${code}):\n${log}`)));
  });
  return {
    description: `Mosquitto (private instance, ws listener ${wsPort})`,
    url: `ws://localhost:${wsPort}/mqtt`,
    close: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --check (tests) builds into a temp folder: `npm run build` wipes dist/ and may run at the same time.
const checkDir = check ? mkdtempSync(join(tmpdir(), "mqtt5-demo-bundle-")) : undefined;
if (checkDir !== undefined) process.once("exit", () => rmSync(checkDir, { recursive: true, force: true }));
const report = await buildBrowserBundles(checkDir);
const bundleDir = dirname(report.iife.file);
const broker = useMosquitto ? await startMosquitto() : await startAedes();
const pageTemplate = readFileSync(join(root, "scripts", "demo-browser.html"), "utf8");

const server = createServer((request, response) => {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (path === "/" || path === "/index.html") {
    const url = broker.url ?? `ws://${request.headers.host}/mqtt`;
    const config = JSON.stringify({ url, brokerDescription: broker.description }).replaceAll("<", "\\u003c");
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(pageTemplate.replace("<script src=", `<script>window.DEMO_CONFIG = ${config};</script>\n<script src=`));
    return;
  }
  if (path === `/${IIFE_FILE}` || path === `/${IIFE_FILE}.map`) {
    response.writeHead(200, { "content-type": path.endsWith(".map") ? "application/json" : "text/javascript" });
    response.end(readFileSync(join(bundleDir, path.slice(1))));
    return;
  }
  response.writeHead(404).end();
});
if (broker.upgrade !== undefined) {
  server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname === "/mqtt") broker.upgrade(request, socket, head);
    else socket.destroy();
  });
}
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/`;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`browser demo: ${pageUrl}`);
console.log(`  bundle  ${IIFE_FILE}: ${kB(report.iife.minifiedBytes)} minified, ${kB(report.iife.gzipBytes)} gzip`);
console.log(`  broker  ${broker.description}`);

async function shutdown() {
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
  await broker.close();
}

if (check) {
  let status = 1;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(pageUrl);
    // These functions run in the page, where the demo keeps its state on globalThis.demo.
    await page.waitForFunction(() => globalThis.demo?.ready === true && globalThis.demo.messages.length >= 3, undefined, { timeout: 20_000 });
    await page.waitForTimeout(300); // let the statistics poll render
    const demo = await page.evaluate(() => ({ events: globalThis.demo.events, messages: globalThis.demo.messages, results: globalThis.demo.results }));
    if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
    console.log(JSON.stringify(demo));
    status = errors.length === 0 ? 0 : 1;
    if (errors.length > 0) console.error(`page errors: ${errors.join("; ")}`);
  } catch (error) {
    console.error(`demo check failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser.close();
    await shutdown();
  }
  process.exit(status);
} else {
  console.log("open the page in a browser; Ctrl+C stops the demo");
  process.once("SIGINT", () => void shutdown().then(() => process.exit(0)));
  process.once("SIGTERM", () => void shutdown().then(() => process.exit(0)));
}
