import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  isWellFormedUtf8,
  mqttStringViolation,
  scanMqttString,
  SCAN_LONE_SURROGATE,
  SCAN_NULL_CHARACTER,
  utf8ByteLength,
} from "../../../../src/core/validate/mqtt-utf8.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";

const encoder = new TextEncoder();

describe("scanMqttString", () => {
  const wellFormed: Array<[string, string]> = [
    ["empty", ""],
    ["ASCII", "sensors/room-1/temperature"],
    ["2-byte", "température"],
    ["3-byte", "温度/€"],
    ["surrogate pair", "emoji/😀/x"],
    ["BOM kept", "\uFEFFstart"],
    ["control characters are allowed", "\u0001\u007F\u0085"],
    ["non-character", "\uFFFF"],
  ];
  for (const [label, value] of wellFormed) {
    test(`${label}: returns the TextEncoder byte length`, () => {
      assert.equal(scanMqttString(value), encoder.encode(value).length);
      assert.equal(utf8ByteLength(value), encoder.encode(value).length);
    });
  }

  const loneSurrogates: Array<[string, string]> = [
    ["lone high at end", "a\uD800"],
    ["lone high before ASCII", "\uD83Dx"],
    ["lone low", "a\uDC00b"],
    ["reversed pair", "\uDE00\uD83D"],
    ["two highs", "\uD800\uD800"],
  ];
  for (const [label, value] of loneSurrogates) {
    test(`${label}: reports a lone surrogate`, () => {
      assert.equal(scanMqttString(value), SCAN_LONE_SURROGATE);
    });
  }

  test("U+0000 is reported, wherever it is", () => {
    assert.equal(scanMqttString("\u0000"), SCAN_NULL_CHARACTER);
    assert.equal(scanMqttString("a/b\u0000"), SCAN_NULL_CHARACTER);
  });

  test("start index measures a suffix", () => {
    assert.equal(scanMqttString("ab€", 2), 3);
    assert.equal(utf8ByteLength("ab😀", 2), 4);
  });
});

describe("mqttStringViolation", () => {
  test("accepts a 65,535-byte string and refuses 65,536 bytes", () => {
    assert.equal(mqttStringViolation("a".repeat(65_535)), undefined);
    assert.equal(mqttStringViolation("a".repeat(65_536)), ValidationRule.stringTooLong);
    // 21,845 × 3 bytes = 65,535; one more 3-byte character crosses the limit although .length is small.
    assert.equal(mqttStringViolation("€".repeat(21_845)), undefined);
    assert.equal(mqttStringViolation("€".repeat(21_846)), ValidationRule.stringTooLong);
  });

  const cases: Array<[string, unknown, string | undefined]> = [
    ["valid", "ok", undefined],
    ["not a string", 42, ValidationRule.notString],
    ["undefined", undefined, ValidationRule.notString],
    ["lone surrogate", "\uD800", ValidationRule.loneSurrogate],
    ["null", "x\u0000", ValidationRule.nullCharacter],
  ];
  for (const [label, value, expected] of cases) {
    test(`${label} → ${expected ?? "ok"}`, () => assert.equal(mqttStringViolation(value), expected));
  }
});

describe("isWellFormedUtf8", () => {
  const good: Array<[string, number[]]> = [
    ["empty", []],
    ["ASCII with NUL", [0x61, 0x00, 0x62]],
    ["2-byte U+0080", [0xc2, 0x80]],
    ["3-byte U+0800", [0xe0, 0xa0, 0x80]],
    ["U+D7FF", [0xed, 0x9f, 0xbf]],
    ["U+E000", [0xee, 0x80, 0x80]],
    ["BOM", [0xef, 0xbb, 0xbf]],
    ["4-byte U+10000", [0xf0, 0x90, 0x80, 0x80]],
    ["U+10FFFF", [0xf4, 0x8f, 0xbf, 0xbf]],
  ];
  for (const [label, bytes] of good) {
    test(`${label} is well-formed`, () => assert.equal(isWellFormedUtf8(Uint8Array.from(bytes)), true));
  }

  const bad: Array<[string, number[]]> = [
    ["stray continuation", [0x80]],
    ["overlong C0 80", [0xc0, 0x80]],
    ["overlong C1 BF", [0xc1, 0xbf]],
    ["overlong 3-byte", [0xe0, 0x80, 0x80]],
    ["encoded surrogate U+D800", [0xed, 0xa0, 0x80]],
    ["overlong 4-byte", [0xf0, 0x80, 0x80, 0x80]],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["F5 lead", [0xf5, 0x80, 0x80, 0x80]],
    ["FF", [0xff]],
    ["truncated 2-byte", [0x61, 0xc3]],
    ["truncated 3-byte", [0xe2, 0x82]],
    ["truncated 4-byte", [0xf0, 0x9f, 0x98]],
    ["bad continuation", [0xe2, 0x28, 0xa1]],
  ];
  for (const [label, bytes] of bad) {
    test(`${label} is refused`, () => assert.equal(isWellFormedUtf8(Uint8Array.from(bytes)), false));
  }

  test("agrees with a fatal TextDecoder on every 2-byte sequence", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        const bytes = Uint8Array.of(a, b);
        let expected = true;
        try {
          decoder.decode(bytes);
        } catch {
          expected = false;
        }
        assert.equal(isWellFormedUtf8(bytes), expected, `bytes ${a.toString(16)} ${b.toString(16)}`);
      }
    }
  });

  test("agrees with a fatal TextDecoder on 3- and 4-byte sequences around the boundaries", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const leads = [0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5];
    const tails = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0];
    for (const lead of leads) {
      for (const second of tails) {
        for (const third of tails) {
          for (const fourth of [0x80, 0xbf, 0x41]) {
            const bytes = Uint8Array.of(lead, second, third, fourth);
            let expected = true;
            try {
              decoder.decode(bytes);
            } catch {
              expected = false;
            }
            assert.equal(isWellFormedUtf8(bytes), expected, `bytes ${Array.from(bytes, (x) => x.toString(16))}`);
          }
        }
      }
    }
  });
});
