// ESLint flat config. House rules (shared/DESIGN.md §8): no `any` and ≤ 500-line files in src/, and a pure
// core: nothing under src/core/ may touch time, randomness, Node APIs or the outer layers — the runtime
// injects those. test/unit/core/core-purity.test.ts checks the same rules independently of this file.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const NODE_GLOBALS = Object.fromEntries(
  [
    "process", "console", "Buffer", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "setTimeout",
    "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate", "queueMicrotask",
    "structuredClone", "AbortController", "AbortSignal", "performance", "fetch", "globalThis",
  ].map((name) => [name, "readonly"]),
);

const CORE_FORBIDDEN_GLOBALS = [
  ["setTimeout", "timers belong to src/runtime (the driver arms the core's nextDeadline())"],
  ["setInterval", "timers belong to src/runtime"],
  ["setImmediate", "timers belong to src/runtime"],
  ["clearTimeout", "timers belong to src/runtime"],
  ["clearInterval", "timers belong to src/runtime"],
  ["clearImmediate", "timers belong to src/runtime"],
  ["Date", "the core receives nowMs as an input (monotonic clock from src/runtime)"],
  ["performance", "the core receives nowMs as an input"],
  ["process", "the core runs in browsers too; configuration comes in through parameters"],
  ["Buffer", "use Uint8Array in the core (browser-safe)"],
  ["require", "ES modules only"],
].map(([name, why]) => ({ name, message: `Not allowed in src/core: ${why}.` }));

const CORE_FORBIDDEN_PROPERTIES = [
  { object: "Math", property: "random", message: "Not allowed in src/core: take a Random from the caller (seedable in tests)." },
  ...["setTimeout", "setInterval", "setImmediate", "Date", "performance", "process", "Buffer"].map((property) => ({
    object: "globalThis",
    property,
    message: "Not allowed in src/core: time, I/O and platform APIs live in src/runtime and src/transport.",
  })),
];

export default tseslint.config(
  { ignores: ["dist/**", ".test-build/**", ".bench-build/**", ".build-*/**", "node_modules/**", ".peers/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // tsc's noFallthroughCasesInSwitch does this job and, unlike ESLint, knows that a call returning
      // `never` (fail(), assertNever()) ends the case.
      "no-fallthrough": "off",
      // aws-crt's public enums alias values (e.g. SubackReasonCode.Failure311 = UnspecifiedError = 128), and
      // our enums mirror them on purpose.
      "@typescript-eslint/no-duplicate-enum-values": "off",
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "max-lines": ["error", { max: 500 }],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...CORE_FORBIDDEN_GLOBALS],
      "no-restricted-properties": ["error", ...CORE_FORBIDDEN_PROPERTIES],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "src/core must not import Node modules (it runs in browsers)." },
            { group: ["fs", "net", "tls", "events", "buffer", "crypto", "timers", "os", "path", "stream", "url", "util"], message: "src/core must not import Node modules (it runs in browsers)." },
            { group: ["**/runtime", "**/runtime/**", "**/transport", "**/transport/**", "**/api", "**/api/**"], message: "src/core must not depend on the outer layers (runtime, transport, api)." },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks may use anything (Node APIs, timers, `any` for malformed inputs).
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: NODE_GLOBALS },
  },
);
