// Field-by-field comparison of two traces, and the check against the table of intended differences.
import { flatten, type Normal } from "./normalise.js";
import type { TraceEntry } from "./runner.js";

/** Shown for a path that one trace has and the other lacks; as an expected value: "this subtree is absent". */
export const ABSENT = "<absent>";

export interface Difference {
  readonly path: string;
  /** JSON text of aws-crt's value, or ABSENT. */
  readonly crt: string;
  /** JSON text of our value, or ABSENT. */
  readonly ours: string;
}

export interface IntendedDifference {
  readonly id: string;
  /** Names of the scenarios in which the difference must appear. */
  readonly scenarios: readonly string[];
  /**
   * Matches (whole string) the path of the subtree that differs: a step key ("publish(q2)") or a key with field
   * path ("awaitEvent(connectionSuccess).settings.maximumQos"); see `traceLeaves`.
   */
  readonly at: RegExp;
  /**
   * The whole subtree on each side, exactly (ABSENT: the side has nothing there); a RegExp matches a single
   * string value (whole string).
   */
  readonly crt: Normal | RegExp;
  readonly ours: Normal | RegExp;
  /** aws-crt shows it in some runs only (a race inside aws-crt): its absence is not reported. */
  readonly sometimes?: true;
  /** Why we differ on purpose (also in README.md). */
  readonly reason: string;
}

/** Path → JSON text of every leaf: "subscribe(sub).resolved.reasonCodes.0" → "1". */
export function traceLeaves(trace: readonly TraceEntry[]): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const entry of trace) flatten(entry.value, entry.key, leaves);
  return leaves;
}

function diffLeaves(left: Map<string, string>, right: Map<string, string>): Difference[] {
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths
    .map((path) => ({ path, crt: left.get(path) ?? ABSENT, ours: right.get(path) ?? ABSENT }))
    .filter((difference) => difference.crt !== difference.ours);
}

export function diffTraces(crt: readonly TraceEntry[], ours: readonly TraceEntry[]): Difference[] {
  return diffLeaves(traceLeaves(crt), traceLeaves(ours));
}

const isUnder = (path: string, root: string): boolean => path === root || path.startsWith(`${root}.`);

/** The leaves under `root`, keyed relative to it ("" for the root itself). */
function subtree(leaves: Map<string, string>, root: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const [path, value] of leaves) if (isUnder(path, root)) result.set(path.slice(root.length), value);
  return result;
}

/** Does the subtree (relative leaves) hold exactly `expected`? */
function holds(actual: Map<string, string>, expected: Normal | RegExp): boolean {
  if (expected instanceof RegExp) {
    const text = actual.size === 1 ? actual.get("") : undefined;
    const value: unknown = text === undefined ? undefined : JSON.parse(text);
    return typeof value === "string" && new RegExp(`^(?:${expected.source})$`, expected.flags).test(value);
  }
  const wanted = expected === ABSENT ? new Map<string, string>() : flatten(expected, "", new Map());
  return actual.size === wanted.size && [...actual].every(([path, value]) => wanted.get(path) === value);
}

/** Every path prefix ("a", "a.b", "a.b.c") of every leaf. */
function allRoots(paths: Iterable<string>): Set<string> {
  const roots = new Set<string>();
  for (const path of paths) {
    const parts = path.split(".");
    for (let length = 1; length <= parts.length; length++) roots.add(parts.slice(0, length).join("."));
  }
  return roots;
}

/**
 * Compares the traces and checks the differences against the table rows of `scenario`: `unexpected` are
 * differences no row explains; `disappeared` are rows (not marked `sometimes`) whose difference did not show up.
 * Either means the behaviour changed and the table or the code must follow.
 */
export function checkIntended(
  scenario: string,
  crt: readonly TraceEntry[],
  ours: readonly TraceEntry[],
  table: readonly IntendedDifference[],
): { differences: Difference[]; unexpected: Difference[]; disappeared: IntendedDifference[] } {
  const left = traceLeaves(crt);
  const right = traceLeaves(ours);
  const differences = diffLeaves(left, right);
  const roots = allRoots([...left.keys(), ...right.keys()]);
  const explained: string[] = [];
  const disappeared: IntendedDifference[] = [];
  for (const row of table.filter((candidate) => candidate.scenarios.includes(scenario))) {
    const anchored = new RegExp(`^(?:${row.at.source})$`, row.at.flags);
    const matching = [...roots].filter(
      (root) =>
        anchored.test(root) &&
        holds(subtree(left, root), row.crt) &&
        holds(subtree(right, root), row.ours),
    );
    explained.push(...matching);
    if (matching.length === 0 && row.sometimes !== true) disappeared.push(row);
  }
  const unexpected = differences.filter((difference) => !explained.some((root) => isUnder(difference.path, root)));
  return { differences, unexpected, disappeared };
}
