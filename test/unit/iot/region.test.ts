// Region extraction from IoT Core endpoints (aws-crt's rule: the third of at least four labels).
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractRegionFromEndpoint } from "../../../src/iot/region.js";
import { ValidationError } from "../../../src/core/errors.js";

test("the third dot-separated label of a host with at least four labels", () => {
  assert.equal(extractRegionFromEndpoint("abc123-ats.iot.us-west-2.amazonaws.com"), "us-west-2");
  assert.equal(extractRegionFromEndpoint("x.iot.cn-north-1.amazonaws.com.cn"), "cn-north-1");
  assert.equal(extractRegionFromEndpoint("a.b.c.d"), "c");
  assert.equal(extractRegionFromEndpoint("abc-ats.iot.eu-central-1.amazonaws.com"), "eu-central-1");
});

test("too few labels: a ValidationError on field region with aws-crt's advice", () => {
  for (const host of ["localhost", "a.b.c", "iot.amazonaws.com", ""]) {
    assert.throws(
      () => extractRegionFromEndpoint(host),
      (error: unknown) => error instanceof ValidationError && error.field === "region" && /Use 'region' property/.test(error.message),
      host,
    );
  }
});
