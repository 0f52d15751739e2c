// Test PKI made with the `openssl` command at test time (never checked in, so nothing ever expires in git).
// Created once per test process in a temporary folder that Mosquitto can read after it drops root for the
// `mosquitto` user (folder 0755, files 0644 — keys included; they protect nothing), removed at exit.
//
//   ca ──┬── server          SAN DNS:localhost, IP:127.0.0.1, IP:::1
//        ├── client          CN = TEST_CLIENT_ID (Mosquitto's mtls listener uses it as the username)
//        ├── expiredClient   valid 2020-01-01 … 2021-01-01
//        ├── otherHostServer SAN DNS:mqtt.invalid only (host-name mismatch tests)
//        └── expiredServer   SAN as `server`, valid 2020-01-01 … 2021-01-01
//   untrustedCa ── untrustedClient
//   clientPkcs12: client key + certificate (+ CA) in a PKCS#12 file with a passphrase
//   clientPkcs12Legacy: the same with RC2-40 encryption (`-legacy`; absent when the system openssl cannot)
import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const TEST_CLIENT_ID = "mqtt5-test-client";
export const TEST_PKCS12_PASSPHRASE = "test-p12-passphrase";

export interface CertificateFile {
  readonly certPath: string;
  readonly cert: Buffer;
}

export interface KeyPairFiles extends CertificateFile {
  readonly keyPath: string;
  readonly key: Buffer;
  readonly commonName: string;
}

export interface TestCertificates {
  readonly dir: string;
  readonly ca: CertificateFile;
  readonly server: KeyPairFiles;
  readonly client: KeyPairFiles;
  readonly expiredClient: KeyPairFiles;
  readonly untrustedCa: CertificateFile;
  readonly untrustedClient: KeyPairFiles;
  readonly clientPkcs12: { readonly path: string; readonly pfx: Buffer; readonly passphrase: string };
  readonly otherHostServer: KeyPairFiles;
  readonly expiredServer: KeyPairFiles;
  readonly clientPkcs12Legacy?: { readonly path: string; readonly pfx: Buffer; readonly passphrase: string };
}

let cached: TestCertificates | undefined;
let serialCounter = 1;

/** The process-wide test PKI, created on first use. */
export function getTestCertificates(): TestCertificates {
  cached ??= createTestCertificates();
  return cached;
}

/**
 * A fresh 0755 temporary folder that other local users (Mosquitto after dropping root) can traverse.
 * Falls back to /tmp when $TMPDIR sits below a private folder. Removed when the process exits.
 */
export function makeSharedTempDir(prefix: string): string {
  const base = isWorldTraversable(tmpdir()) ? tmpdir() : "/tmp";
  const dir = mkdtempSync(join(base, prefix));
  chmodSync(dir, 0o755);
  if (tempDirs.size === 0) process.on("exit", removeTempDirs);
  tempDirs.add(dir);
  return dir;
}

const tempDirs = new Set<string>();

function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Makes every file below `dir` 0644 and every folder 0755. */
export function makeReadableByAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) makeReadableByAll(path);
    else chmodSync(path, 0o644);
  }
}

function isWorldTraversable(path: string): boolean {
  for (let current = path; ; current = dirname(current)) {
    try {
      accessSync(current, constants.F_OK);
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(current) === current) return true;
  }
}

function openssl(dir: string, args: readonly string[]): void {
  const result = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (result.error) throw new Error(`openssl could not be started (is it installed?): ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(" ")} failed (${result.status}):\n${result.stderr}`);
  }
}

// EC P-256 keys: generated in milliseconds, accepted by Mosquitto, Node and the PKCS#11 tooling.
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function makeCa(dir: string, name: string, commonName: string): void {
  openssl(dir, [
    "req", "-x509", ...EC_KEY, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "825",
    "-subj", `/O=mqtt5-client tests/CN=${commonName}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

function makeRequest(dir: string, name: string, commonName: string): void {
  openssl(dir, ["req", ...EC_KEY, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${commonName}`]);
}

function signRequest(dir: string, name: string, ca: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    "x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`,
    "-set_serial", String(process.pid * 1000 + serialCounter++), "-days", "825", "-sha256",
    "-extfile", `${name}.ext`, "-out", `${name}.crt`,
  ]);
}

/** `openssl x509` cannot back-date a certificate; `openssl ca` can, with a throw-away CA database. */
function signExpired(dir: string, name: string, ca: string, extensions: string): void {
  const db = join(dir, "ca-db");
  mkdirSync(db, { recursive: true });
  writeFileSync(join(db, "index.txt"), "");
  writeFileSync(join(db, "serial.txt"), "1000\n");
  writeFileSync(join(dir, `${name}.ext`), extensions);
  writeFileSync(
    join(dir, "ca.cnf"),
    [
      "[ ca ]", "default_ca = test_ca", "[ test_ca ]", "database = ca-db/index.txt", "new_certs_dir = ca-db",
      "serial = ca-db/serial.txt", "default_md = sha256", "policy = any_policy", "unique_subject = no",
      "[ any_policy ]", "commonName = supplied", "",
    ].join("\n"),
  );
  openssl(dir, [
    "ca", "-batch", "-config", "ca.cnf", "-cert", `${ca}.crt`, "-keyfile", `${ca}.key`, "-in", `${name}.csr`,
    "-out", `${name}.crt`, "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-notext",
    "-extfile", `${name}.ext`,
  ]);
}

const SERVER_EXTENSIONS = [
  "basicConstraints = CA:FALSE",
  "keyUsage = critical, digitalSignature, keyEncipherment",
  "extendedKeyUsage = serverAuth",
  "subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1",
  "",
].join("\n");

const OTHER_HOST_SERVER_EXTENSIONS = SERVER_EXTENSIONS.replace(
  "subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1",
  "subjectAltName = DNS:mqtt.invalid",
);

const CLIENT_EXTENSIONS = [
  "basicConstraints = CA:FALSE",
  "keyUsage = critical, digitalSignature",
  "extendedKeyUsage = clientAuth",
  "",
].join("\n");

function createTestCertificates(): TestCertificates {
  const dir = makeSharedTempDir("mqtt5-certs-");
  makeCa(dir, "ca", "mqtt5-client test CA");
  makeRequest(dir, "server", "localhost");
  signRequest(dir, "server", "ca", SERVER_EXTENSIONS);
  makeRequest(dir, "client", TEST_CLIENT_ID);
  signRequest(dir, "client", "ca", CLIENT_EXTENSIONS);
  makeRequest(dir, "expired-client", `${TEST_CLIENT_ID}-expired`);
  signExpired(dir, "expired-client", "ca", CLIENT_EXTENSIONS);
  makeCa(dir, "untrusted-ca", "mqtt5-client untrusted CA");
  makeRequest(dir, "untrusted-client", `${TEST_CLIENT_ID}-untrusted`);
  signRequest(dir, "untrusted-client", "untrusted-ca", CLIENT_EXTENSIONS);
  openssl(dir, [
    "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-certfile", "ca.crt",
    "-name", TEST_CLIENT_ID, "-out", "client.p12", "-passout", `pass:${TEST_PKCS12_PASSPHRASE}`,
  ]);
  makeRequest(dir, "other-host-server", "mqtt.invalid");
  signRequest(dir, "other-host-server", "ca", OTHER_HOST_SERVER_EXTENSIONS);
  makeRequest(dir, "expired-server", "localhost");
  signExpired(dir, "expired-server", "ca", SERVER_EXTENSIONS);
  const legacyPkcs12 = tryOpenssl(dir, [
    "pkcs12", "-export", "-legacy", "-in", "client.crt", "-inkey", "client.key", "-out", "client-legacy.p12",
    "-passout", `pass:${TEST_PKCS12_PASSPHRASE}`,
  ]);
  makeReadableByAll(dir);

  const certificate = (name: string): CertificateFile => {
    const certPath = join(dir, `${name}.crt`);
    return { certPath, cert: readFileSync(certPath) };
  };
  const keyPair = (name: string, commonName: string): KeyPairFiles => {
    const keyPath = join(dir, `${name}.key`);
    return { ...certificate(name), keyPath, key: readFileSync(keyPath), commonName };
  };
  const p12Path = join(dir, "client.p12");
  return {
    dir,
    ca: certificate("ca"),
    server: keyPair("server", "localhost"),
    client: keyPair("client", TEST_CLIENT_ID),
    expiredClient: keyPair("expired-client", `${TEST_CLIENT_ID}-expired`),
    untrustedCa: certificate("untrusted-ca"),
    untrustedClient: keyPair("untrusted-client", `${TEST_CLIENT_ID}-untrusted`),
    clientPkcs12: { path: p12Path, pfx: readFileSync(p12Path), passphrase: TEST_PKCS12_PASSPHRASE },
    otherHostServer: keyPair("other-host-server", "mqtt.invalid"),
    expiredServer: keyPair("expired-server", "localhost"),
    ...(legacyPkcs12
      ? { clientPkcs12Legacy: { path: join(dir, "client-legacy.p12"), pfx: readFileSync(join(dir, "client-legacy.p12")), passphrase: TEST_PKCS12_PASSPHRASE } }
      : {}),
  };
}

/** Like openssl(), but reports failure instead of throwing (for optional material). */
function tryOpenssl(dir: string, args: readonly string[]): boolean {
  try {
    openssl(dir, args);
    return true;
  } catch {
    return false;
  }
}
