// Assertion helper for the validator tests: the call must throw a ValidationError naming exactly this field and rule.
import assert from "node:assert/strict";
import { ValidationError } from "../../../../src/core/errors.js";

export function expectValidationError(run: () => unknown, field: string, rule: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.equal(error.rule, rule);
    return true;
  });
}
