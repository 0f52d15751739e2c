// A small SCRAM-SHA-256 (RFC 5802 / 7677, without channel binding or SASLprep) for the enhanced-authentication
// tests: a client written against the public EnhancedAuthenticationConfig (stateful, so `this` must be kept) and
// the server half the scripted broker uses to check the client's proof and sign its final message.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import type {
  AuthenticationChallenge,
  AuthenticationContext,
  AuthenticationSuccess,
  EnhancedAuthenticationConfig,
} from "../../../src/api/enhanced-authentication.js";

export const SCRAM_METHOD = "SCRAM-SHA-256";
const ITERATIONS = 4096;

const hmac = (key: Buffer, text: string): Buffer => createHmac("sha256", key).update(text).digest();
const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();
const xor = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((byte, i) => byte ^ (b[i] as number)));

function attributes(message: string): Map<string, string> {
  return new Map(message.split(",").map((part) => [part.slice(0, 1), part.slice(2)] as [string, string]));
}

interface Keys {
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

function keys(password: string, salt: Buffer): Keys {
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, "sha256");
  const clientKey = hmac(salted, "Client Key");
  return { clientKey, storedKey: sha256(clientKey), serverKey: hmac(salted, "Server Key") };
}

/** The client: CONNECT data, then the challenge answer, then the server signature check (onSuccess). */
export class ScramClient implements EnhancedAuthenticationConfig {
  readonly authenticationMethod = SCRAM_METHOD;
  readonly contexts: { callback: string; context: AuthenticationContext }[] = [];
  readonly nonces: string[] = [];
  /** The last client proof sent (base64): must never reach a log line or error message. */
  lastProof = "";
  private clientFirstBare = "";
  private expectedServerSignature = "";

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  authenticationData(context: AuthenticationContext): string {
    this.contexts.push({ callback: "authenticationData", context });
    const nonce = randomBytes(18).toString("base64");
    this.nonces.push(nonce);
    this.clientFirstBare = `n=${this.user},r=${nonce}`;
    return `n,,${this.clientFirstBare}`;
  }

  onChallenge(challenge: AuthenticationChallenge, context: AuthenticationContext): Uint8Array {
    this.contexts.push({ callback: "onChallenge", context });
    const serverFirst = new TextDecoder().decode(challenge.authenticationData);
    const fields = attributes(serverFirst);
    const nonce = fields.get("r") ?? "";
    if (!nonce.startsWith(this.nonces.at(-1) ?? "\u0000")) throw new Error("server nonce does not extend ours");
    const { clientKey, storedKey, serverKey } = keys(this.password, Buffer.from(fields.get("s") ?? "", "base64"));
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    this.lastProof = xor(clientKey, hmac(storedKey, authMessage)).toString("base64");
    this.expectedServerSignature = hmac(serverKey, authMessage).toString("base64");
    return new TextEncoder().encode(`${withoutProof},p=${this.lastProof}`);
  }

  onSuccess(success: AuthenticationSuccess, context: AuthenticationContext): void {
    this.contexts.push({ callback: "onSuccess", context });
    const serverFinal = new TextDecoder().decode(success.authenticationData);
    if (attributes(serverFinal).get("v") !== this.expectedServerSignature) {
      throw new Error(`server signature mismatch; expected v=${this.expectedServerSignature}`);
    }
  }
}

/** The server: knows the password, answers client-first with server-first, checks the proof, signs. */
export class ScramServer {
  private readonly salt = randomBytes(16);
  private readonly keys: Keys;
  private clientFirstBare = "";
  private serverFirst = "";

  constructor(password: string) {
    this.keys = keys(password, this.salt);
  }

  /** client-first-message → server-first-message. */
  challenge(clientFirst: Uint8Array | undefined): Uint8Array {
    this.clientFirstBare = new TextDecoder().decode(clientFirst).replace(/^n,,/, "");
    const clientNonce = attributes(this.clientFirstBare).get("r") ?? "";
    this.serverFirst = `r=${clientNonce}${randomBytes(12).toString("base64")},s=${this.salt.toString("base64")},i=${ITERATIONS}`;
    return new TextEncoder().encode(this.serverFirst);
  }

  /** client-final-message → server-final-message, or undefined when the proof is wrong. */
  verify(clientFinal: Uint8Array | undefined): Uint8Array | undefined {
    const message = new TextDecoder().decode(clientFinal);
    const withoutProof = message.replace(/,p=[^,]*$/, "");
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const proof = Buffer.from(attributes(message).get("p") ?? "", "base64");
    if (proof.length !== 32) return undefined;
    const clientKey = xor(proof, hmac(this.keys.storedKey, authMessage));
    if (!sha256(clientKey).equals(this.keys.storedKey)) return undefined;
    return new TextEncoder().encode(`v=${hmac(this.keys.serverKey, authMessage).toString("base64")}`);
  }
}
