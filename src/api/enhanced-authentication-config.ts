// Validates `enhancedAuthentication` synchronously (a ValidationError naming the field, never its value) and
// resolves it into what the core needs (the CONNECT's method and static data, whether data is asked per attempt)
// and what the facade needs (the callbacks, captured now and called with the user's object as `this`).
import { ValidationError } from "../core/errors.js";
import { checkBinary, checkString } from "../core/validate/field-checks.js";
import { binaryToBytes, requireObject } from "./convert.js";
import type {
  AuthenticationChallenge,
  AuthenticationContext,
  AuthenticationDataResult,
  AuthenticationSuccess,
} from "./enhanced-authentication.js";

const FIELD = "enhancedAuthentication";

export interface ResolvedEnhancedAuthentication {
  readonly authenticationMethod: string;
  /** Static Authentication Data for every CONNECT (absent when none or when `dataProvider` is set). */
  readonly authenticationData: Uint8Array | undefined;
  /** Called per attempt (and by reauthenticate() without data) when the user configured a function. */
  readonly dataProvider: ((context: AuthenticationContext) => Promise<AuthenticationDataResult> | AuthenticationDataResult) | undefined;
  readonly onChallenge: (challenge: AuthenticationChallenge, context: AuthenticationContext) => Promise<AuthenticationDataResult> | AuthenticationDataResult;
  readonly onSuccess: ((success: AuthenticationSuccess, context: AuthenticationContext) => Promise<void> | void) | undefined;
}

type Callback = (...args: never[]) => unknown;

/** `undefined` when enhanced authentication is not configured. Throws ValidationError. */
export function resolveEnhancedAuthentication(value: unknown): ResolvedEnhancedAuthentication | undefined {
  if (value === undefined) return undefined;
  requireObject(value, FIELD);
  const method = value.authenticationMethod;
  if (typeof method !== "string" || method.length === 0) throw new ValidationError(`${FIELD}.authenticationMethod`, "must be a non-empty string");
  checkString(method, `${FIELD}.`, "authenticationMethod");
  const onChallenge = requireFunction(value, "onChallenge");
  const onSuccess = value.onSuccess === undefined ? undefined : requireFunction(value, "onSuccess");
  const data = value.authenticationData;
  let authenticationData: Uint8Array | undefined;
  let dataProvider: ResolvedEnhancedAuthentication["dataProvider"];
  if (typeof data === "function") {
    dataProvider = bind(value, data as Callback) as ResolvedEnhancedAuthentication["dataProvider"];
  } else if (data !== undefined && data !== null) {
    authenticationData = binaryToBytes(data, `${FIELD}.authenticationData`);
    checkBinary(authenticationData, `${FIELD}.`, "authenticationData"); // ≤ 65,535 bytes
  }
  return {
    authenticationMethod: method,
    authenticationData,
    dataProvider,
    onChallenge: bind(value, onChallenge) as ResolvedEnhancedAuthentication["onChallenge"],
    onSuccess: onSuccess === undefined ? undefined : (bind(value, onSuccess) as ResolvedEnhancedAuthentication["onSuccess"]),
  };
}

function requireFunction(owner: Record<string, unknown>, name: string): Callback {
  const callback = owner[name];
  if (typeof callback !== "function") throw new ValidationError(`${FIELD}.${name}`, "must be a function");
  return callback as Callback;
}

/** The callback as configured now, called with the configuration object as `this` (class-based handlers work). */
function bind(owner: object, callback: Callback): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => (callback as (...a: unknown[]) => unknown).apply(owner, args);
}
