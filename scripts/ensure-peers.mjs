// Makes sure the real programs the tests talk to (brokers, proxies, HSMs, browsers) are installed.
// Tests never install anything themselves: this runs once, before compilation, from scripts/test.mjs
// (or alone: `node scripts/ensure-peers.mjs [--check]`).
//
// To add a peer, append an entry to PEERS: `commands` are the executables the tests call (absolute path,
// or a bare name looked up on PATH plus the sbin folders), `packages` the Debian packages that provide them.
// Expected later entries, for reference:
//   { name: "chromium", commands: ["/usr/bin/chromium"], packages: ["chromium"] }
// Set MQTT5_SKIP_PEERS=1 to skip the check entirely (tests that need a missing peer will then fail).
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PEERS = [
  { name: "mosquitto", commands: ["/usr/sbin/mosquitto", "mosquitto_passwd"], packages: ["mosquitto"] },
  { name: "openssl", commands: ["openssl"], packages: ["openssl"] },
  // HTTP proxy tests: tinyproxy (CONNECT tunnel, basic auth, ConnectPort) and stunnel4 in front of it for TLS
  // to the proxy (tinyproxy itself only speaks plain HTTP).
  { name: "tinyproxy", commands: ["tinyproxy"], packages: ["tinyproxy"] },
  { name: "stunnel", commands: ["stunnel4"], packages: ["stunnel4"] },
  // PKCS#11 tests: SoftHSM2 (token tool + module), the OpenSSL pkcs11 engine (in /usr/lib/<multiarch>/engines-3,
  // found by engineCommand) and pkcs11-tool (opensc).
  {
    name: "softhsm2",
    commands: ["softhsm2-util", "/usr/lib/softhsm/libsofthsm2.so", "pkcs11-tool", engineCommand("pkcs11.so")],
    packages: ["softhsm2", "libengine-pkcs11-openssl", "opensc"],
  },
  // Browser tests (test/browser): headless Chromium driven by playwright-core (never `playwright install`).
  { name: "chromium", commands: ["/usr/bin/chromium"], packages: ["chromium"] },
];

/** /usr/lib/<multiarch>/engines-3/<file> for this machine's architecture (Debian multiarch names). */
function engineCommand(file) {
  const multiarch = { x64: "x86_64", arm64: "aarch64", ia32: "i386", s390x: "s390x", ppc64: "powerpc64le" }[process.arch];
  const triplet = multiarch === undefined ? "arm-linux-gnueabihf" : `${multiarch}-linux-gnu`;
  return `/usr/lib/${triplet}/engines-3/${file}`;
}

const EXTRA_SEARCH_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

function isUsableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    // Shared objects (engines, PKCS#11 modules) only need to be readable; programs must be executable.
    accessSync(path, path.endsWith(".so") ? constants.R_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns the resolved path of a command, or undefined when it is not installed. */
export function findCommand(command) {
  if (command.includes("/")) return isUsableFile(command) ? command : undefined;
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...EXTRA_SEARCH_DIRS].filter((d) => d !== "");
  for (const dir of dirs) {
    const candidate = join(dir, command);
    if (isUsableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The peers (from `peers`) with at least one command missing, each with the list of what is missing. */
export function missingPeers(peers = PEERS) {
  return peers
    .map((peer) => ({ peer, missing: peer.commands.filter((c) => findCommand(c) === undefined) }))
    .filter((entry) => entry.missing.length > 0);
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function run(command, args) {
  console.log(`ensure-peers: $ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) throw new Error(`${command} could not be started: ${result.error.message}`);
  return result.status ?? 1;
}

/**
 * Installs whatever is missing (as root, through apt-get) or explains the command to run.
 * Returns 0 when every peer is present afterwards, otherwise a non-zero exit code.
 */
export function ensurePeers({ peers = PEERS, checkOnly = false } = {}) {
  if (process.env.MQTT5_SKIP_PEERS === "1") {
    console.log("ensure-peers: skipped (MQTT5_SKIP_PEERS=1)");
    return 0;
  }
  const missing = missingPeers(peers);
  if (missing.length === 0) {
    console.log(`ensure-peers: ok (${peers.map((p) => p.name).join(", ")})`);
    return 0;
  }
  const packages = [...new Set(missing.flatMap((m) => m.peer.packages))];
  for (const { peer, missing: commands } of missing) {
    console.log(`ensure-peers: ${peer.name} is missing (${commands.join(", ")})`);
  }
  const installCommand = `apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  if (checkOnly) {
    console.error(`ensure-peers: install them with: sudo ${installCommand}`);
    return 1;
  }
  if (!isRoot() || !existsSync("/usr/bin/apt-get")) {
    console.error(
      `ensure-peers: cannot install automatically (${isRoot() ? "no apt-get" : "not root"}). Run:\n` +
        `  sudo apt-get update && sudo ${installCommand}\n` +
        "then run the tests again (or set MQTT5_SKIP_PEERS=1 to try without them).",
    );
    return 1;
  }
  console.log(`ensure-peers: installing ${packages.join(" ")} …`);
  if (run("apt-get", ["update"]) !== 0) {
    console.error("ensure-peers: apt-get update failed (is the Debian mirror reachable?)");
    return 1;
  }
  const status = run("apt-get", ["install", "-y", "--no-install-recommends", ...packages]);
  const stillMissing = missingPeers(peers);
  if (status !== 0 || stillMissing.length > 0) {
    const names = stillMissing.map((m) => `${m.peer.name} (${m.missing.join(", ")})`).join("; ");
    console.error(`ensure-peers: installation failed (apt-get exit ${status}); still missing: ${names || "none"}`);
    return 1;
  }
  console.log("ensure-peers: installed");
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = ensurePeers({ checkOnly: process.argv.includes("--check") });
}
