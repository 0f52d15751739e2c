// SDK metrics in the CONNECT username, the way aws-crt's Node client appends them for AWS IoT Core (api-iot.md
// §2.3–2.4): `<base>?<params>&SDK=<library>&Platform=<os>&Metadata=(k=v;…)`. IoT Core only records them; they
// never change what a connection may do. Pure and browser-safe (the platform is passed in or read defensively).
//
// We are not the AWS CRT, so the defaults name this library (`mqtt5-client/JS`, `Mqtt5ClientVersion`) where
// aws-crt writes `IoTDeviceSDK/JS` and `CRTVersion`; the format, ordering and feature codes are aws-crt's.
import { ValidationError } from "../core/errors.js";
import type { AWSIoTMetrics, Mqtt5ClientConfig } from "../api/config.js";

/** This package's version, reported in the metrics (a unit test keeps it equal to package.json). */
export const LIBRARY_VERSION = "0.1.0";
/** Default `SDK=` value. */
export const DEFAULT_LIBRARY_NAME = "mqtt5-client/JS";
const VERSION_KEY = "Mqtt5ClientVersion";
const FEATURE_KEY = "IoTSDKFeature";
const METRICS_VERSION_KEY = "IoTSDKMetricsVersion";
const METRICS_VERSION = "1";
/** Keys users cannot override (aws-crt: CRTVersion, IoTSDKFeature, IoTSDKMetricsVersion). */
const RESERVED_KEYS = new Set([VERSION_KEY, "CRTVersion", FEATURE_KEY, METRICS_VERSION_KEY]);
const MAXIMUM_USERNAME_BYTES = 65_535;

/** Where the client runs, as the metrics report it. */
export interface MetricsPlatform {
  /** `Unix`, `macOS`, `Windows`, `Android`, `iOS` or `Unknown` (aws-crt's build OS names). */
  readonly os: string;
  readonly isWindows: boolean;
}

/** The platform of the running process (`Unknown` outside Node). */
export function currentPlatform(): MetricsPlatform {
  const platform = (globalThis as { process?: { platform?: string } }).process?.platform;
  switch (platform) {
    case "win32":
      return { os: "Windows", isWindows: true };
    case "darwin":
      return { os: "macOS", isWindows: false };
    case "android":
      return { os: "Android", isWindows: false };
    case undefined:
      return { os: "Unknown", isWindows: false };
    default:
      return { os: "Unix", isWindows: false };
  }
}

// Feature values by enum number (index 0 = the enum's Default member = not reported).
const LETTERS = ["", "A", "B", "C"] as const;
const CERTIFICATE_SOURCE_LETTERS: Readonly<Record<number, string>> = { 0: "A", 1: "B", 2: "C", 4: "E" };
const CIPHER_PREFERENCE_LETTERS: Readonly<Record<number, string>> = { 6: "F", 8: "H", 9: "I" };
const MIN_TLS_VERSION_LETTERS: Readonly<Record<number, string>> = { 0: "A", 1: "B", 2: "C", 3: "D", 4: "E" };

function enumLetter(value: unknown): string | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? LETTERS[value] : undefined;
}

function numericField(owner: unknown, name: string): number | undefined {
  if (typeof owner !== "object" || owner === null) return undefined;
  const value = (owner as Record<string, unknown>)[name];
  return typeof value === "number" ? value : undefined;
}

/** The `IoTSDKFeature` entries for `config`, in aws-crt's order A…K. */
export function sdkMetricsFeatures(config: Mqtt5ClientConfig, platform: MetricsPlatform): [string, string][] {
  const features: [string, string | undefined][] = [
    ["A", enumLetter(config.retryJitterMode)],
    ["B", enumLetter(config.sessionBehavior)],
    ["C", enumLetter(config.offlineQueueBehavior)],
    ["D", enumLetter(config.topicAliasingOptions?.outboundBehavior)],
    ["E", enumLetter(config.topicAliasingOptions?.inboundBehavior)],
    ["F", "5"],
    ["G", platform.isWindows ? "B" : "A"],
  ];
  if (config.httpProxyOptions !== undefined) {
    features.push(["H", (config.httpProxyOptions as { tls_opts?: unknown }).tls_opts !== undefined ? "B" : "A"]);
  }
  const source = numericField(config.tlsCtx, "certificate_source");
  const cipher = numericField(config.tlsCtx, "tls_cipher_preference");
  const minimumVersion = numericField(config.tlsCtx, "min_tls_version");
  features.push(["I", source === undefined ? undefined : CERTIFICATE_SOURCE_LETTERS[source]]);
  features.push(["J", cipher === undefined ? undefined : CIPHER_PREFERENCE_LETTERS[cipher]]);
  features.push(["K", minimumVersion === undefined ? undefined : MIN_TLS_VERSION_LETTERS[minimumVersion]]);
  return features.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/** The metadata entries, in order: version → user entries → IoTSDKFeature → IoTSDKMetricsVersion. */
export function sdkMetricsMetadata(config: Mqtt5ClientConfig, platform: MetricsPlatform): [string, string][] {
  const user = new Map<string, string>();
  for (const [key, value] of config.metrics?.metadata ?? []) if (!user.has(key)) user.set(key, value);
  const features = new Map(sdkMetricsFeatures(config, platform));
  // The user's feature list is merged only when it declares the same metrics version (the user wins per id).
  const userFeatures = user.get(FEATURE_KEY);
  if (userFeatures !== undefined && user.get(METRICS_VERSION_KEY) === METRICS_VERSION) {
    for (const entry of userFeatures.split(",")) {
      const [id = "", value = ""] = entry.split("/");
      if (id.length > 0) features.set(id, value);
    }
  }
  const ordered = [...features].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const result: [string, string][] = [[VERSION_KEY, LIBRARY_VERSION]];
  for (const [key, value] of user) if (!RESERVED_KEYS.has(key)) result.push([key, value]);
  result.push([FEATURE_KEY, ordered.map(([id, value]) => `${id}/${value}`).join(",")]);
  result.push([METRICS_VERSION_KEY, METRICS_VERSION]);
  return result;
}

function splitFirst(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * `username` with SDK metrics appended as aws-c-mqtt does it: split at the last `?`, add `SDK` and `Platform`
 * unless present, add/merge `Metadata=(…)` (existing keys win; a non-parenthesised Metadata is left alone), rebuild
 * writing `k` alone for empty values. Throws a ValidationError when the result exceeds 65,535 UTF-8 bytes.
 */
export function appendSdkMetrics(username: string | undefined, config: Mqtt5ClientConfig, platform = currentPlatform()): string {
  const text = username ?? "";
  const at = text.lastIndexOf("?");
  const base = at < 0 ? text : text.slice(0, at);
  const params: [string, string][] =
    at < 0 || at === text.length - 1 ? [] : text.slice(at + 1).split("&").map((piece) => splitFirst(piece, "="));
  const has = (key: string): boolean => params.some(([name]) => name === key);
  const metrics: AWSIoTMetrics = config.metrics ?? {};
  if (!has("SDK")) params.push(["SDK", metrics.libraryName ?? DEFAULT_LIBRARY_NAME]);
  if (!has("Platform")) params.push(["Platform", platform.os]);
  const metadata = sdkMetricsMetadata(config, platform);
  const existing = params.find(([name]) => name === "Metadata");
  if (existing === undefined) {
    params.push(["Metadata", `(${metadata.map(([key, value]) => `${key}=${value}`).join(";")})`]);
  } else if (existing[1].startsWith("(") && existing[1].endsWith(")")) {
    const entries = existing[1].slice(1, -1).split(";").filter((entry) => entry.length > 0);
    const keys = new Set(entries.map((entry) => splitFirst(entry, "=")[0]));
    for (const [key, value] of metadata) if (!keys.has(key)) entries.push(`${key}=${value}`);
    existing[1] = `(${entries.join(";")})`;
  }
  const result = `${base}?${params.map(([key, value]) => (value.length === 0 ? key : `${key}=${value}`)).join("&")}`;
  if (new TextEncoder().encode(result).length > MAXIMUM_USERNAME_BYTES) {
    throw new ValidationError("connectProperties.username", "is longer than 65,535 bytes once the SDK metrics are appended");
  }
  return result;
}

/** What the IoT builder puts into `config.metrics` (so the client reports this library's name). */
export function defaultSdkMetrics(): AWSIoTMetrics {
  return { libraryName: DEFAULT_LIBRARY_NAME, metadata: [] };
}
