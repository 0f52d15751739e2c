// A private stunnel4 TLS terminator on a free loopback port, forwarding the decrypted bytes to a plain-text
// service (tinyproxy, for the "TLS to the proxy" cases). It presents the test server certificate (SAN localhost,
// 127.0.0.1), so clients verify it with the test CA.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { getTestCertificates, makeReadableByAll, makeSharedTempDir } from "./certificates.js";
import { freePort } from "./free-port.js";
import { startProcess } from "./process.js";
import { waitForPort } from "./tinyproxy.js";

export const STUNNEL_BINARY = "stunnel4";

export interface Stunnel {
  readonly host: "127.0.0.1";
  /** The TLS port. */
  readonly port: number;
  logText(): string;
  stop(): Promise<void>;
}

/** TLS on a new port → plain TCP to 127.0.0.1:`targetPort`. */
export async function startStunnel(targetPort: number, startTimeoutMs = 10_000): Promise<Stunnel> {
  const certs = getTestCertificates();
  const dir = makeSharedTempDir("mqtt5-stunnel-");
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const configPath = join(dir, "stunnel.conf");
    writeFileSync(
      configPath,
      [
        "foreground = yes",
        "pid =",
        "debug = notice",
        "[tls-front]",
        `accept = 127.0.0.1:${port}`,
        `connect = 127.0.0.1:${targetPort}`,
        `cert = ${certs.server.certPath}`,
        `key = ${certs.server.keyPath}`,
        "",
      ].join("\n"),
    );
    makeReadableByAll(dir);
    let log = "";
    const child = startProcess(STUNNEL_BINARY, [configPath], { onOutput: (text) => (log += text) });
    try {
      await waitForPort(child, port, startTimeoutMs, "stunnel4", () => log);
    } catch (error) {
      lastError = error as Error;
      if (/address already in use/i.test(log)) continue;
      throw error;
    }
    return { host: "127.0.0.1", port, logText: () => log, stop: async () => void (await child.stop()) };
  }
  throw lastError ?? new Error("stunnel4 did not start");
}
