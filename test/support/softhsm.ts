// A SoftHSM2 token made at test time, in a private temporary folder, holding the test client's private key
// (reference/peers.md: SoftHSM2 + OpenSSL pkcs11 engine).
//
// SoftHSM reads SOFTHSM2_CONF when the PKCS#11 library is initialised — in this process by the OpenSSL engine on
// the first TLS connection — so createSoftHsmToken() sets it in process.env for the whole test file. Every test
// file runs in its own process (node --test), so this never leaks into other files. Call it before the first
// PKCS#11 connection; later calls in the same process reuse the same configuration and add tokens to it.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSharedTempDir } from "./certificates.js";

/** Where Debian's softhsm2 package installs the PKCS#11 module. */
export const SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
export const SOFTHSM_SO_PIN = "5678";

export interface SoftHsmToken {
  readonly label: string;
  readonly userPin: string;
  /** Label (CKA_LABEL) of the imported private key. */
  readonly keyLabel: string;
  /** Slot id SoftHSM assigned to the token (a large number, not 0). */
  readonly slotId: number;
  readonly libraryPath: string;
}

let configDir: string | undefined;

function softhsmUtil(args: readonly string[]): string {
  const result = spawnSync("softhsm2-util", args, { encoding: "utf8", env: process.env });
  if (result.error) throw new Error(`softhsm2-util could not be started (run scripts/ensure-peers.mjs): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`softhsm2-util ${args[0]} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function ensureConfiguration(): void {
  if (configDir !== undefined) return;
  configDir = makeSharedTempDir("mqtt5-softhsm-");
  const tokenDir = join(configDir, "tokens");
  mkdirSync(tokenDir);
  const configPath = join(configDir, "softhsm2.conf");
  writeFileSync(configPath, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = configPath;
}

/**
 * Creates a token labelled `label` with user PIN `userPin` and imports `keyPemPath` (PKCS#8 PEM) as a private key
 * labelled `keyLabel`. Token labels must be unique within the test process.
 */
export function createSoftHsmToken(options: { label: string; keyPemPath: string; userPin?: string; keyLabel?: string }): SoftHsmToken {
  ensureConfiguration();
  const userPin = options.userPin ?? "1234";
  const keyLabel = options.keyLabel ?? "clientkey";
  const init = softhsmUtil(["--init-token", "--free", "--label", options.label, "--pin", userPin, "--so-pin", SOFTHSM_SO_PIN]);
  const slot = /reassigned to slot (\d+)/.exec(init)?.[1];
  if (slot === undefined) throw new Error(`softhsm2-util did not report the new slot:\n${init}`);
  softhsmUtil(["--import", options.keyPemPath, "--token", options.label, "--label", keyLabel, "--id", "01", "--pin", userPin]);
  return { label: options.label, userPin, keyLabel, slotId: Number(slot), libraryPath: SOFTHSM_LIBRARY };
}
