import { test } from "node:test";
import assert from "node:assert/strict";
import { ValidationRule } from "../../../../src/core/validate/rules.js";

test("every rule text is distinct, so a test can tell which rule was broken", () => {
  const texts = Object.values(ValidationRule);
  assert.equal(new Set(texts).size, texts.length);
});

test("rule texts describe constraints without placeholders for values", () => {
  for (const [key, text] of Object.entries(ValidationRule)) {
    assert.ok(text.length > 0, key);
    assert.doesNotMatch(text, /\$\{|%s|\{\}/, key);
  }
});
