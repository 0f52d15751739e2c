import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AWS_IOT_CORE_BYTES_PER_SECOND,
  AWS_IOT_CORE_PUBLISHES_PER_SECOND,
  AwsIotCoreFlowControl,
} from "../../../../src/core/flow/aws-iot-core-flow.js";

const T0 = 5_000.25;

describe("AwsIotCoreFlowControl", () => {
  it("uses IoT Core's limits", () => {
    assert.equal(AWS_IOT_CORE_PUBLISHES_PER_SECOND, 100);
    assert.equal(AWS_IOT_CORE_BYTES_PER_SECOND, 524_288);
  });

  it("starts empty after reset: the first PUBLISH waits 10 ms", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    assert.equal(flow.canPublish(T0), false);
    assert.ok(Math.abs(flow.nextAvailableMs(T0, 0, true) - (T0 + 10)) < 1e-9);
    assert.equal(flow.canPublish(T0 + 10), true);
  });

  it("650 tiny publishes need more than 6 s", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    let now = T0;
    for (let i = 0; i < 650; i++) {
      now = flow.nextAvailableMs(now, 30, true);
      assert.equal(flow.canPublish(now), true);
      assert.equal(flow.canWrite(30, now), true);
      flow.onPublishWritten(now);
      flow.onBytesWritten(30, now);
    }
    assert.ok(now - T0 >= 6_500 - 1e-6 && now - T0 < 6_501, `took ${now - T0} ms`);
  });

  it("21 × 127 KiB publishes need more than 5 s (measured on real bytes)", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    const size = 127 * 1024;
    let now = T0;
    for (let i = 0; i < 21; i++) {
      now = flow.nextAvailableMs(now, size, true);
      assert.equal(flow.canWrite(size, now), true);
      flow.onPublishWritten(now);
      flow.onBytesWritten(size, now);
    }
    const expected = (21 * size * 1000) / AWS_IOT_CORE_BYTES_PER_SECOND; // ≈ 5,208 ms
    assert.ok(Math.abs(now - T0 - expected) < 1e-6, `took ${now - T0} ms, expected ${expected}`);
  });

  it("small control writes cost their size, not a flat 4352 bytes (§14.15)", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    const now = T0 + 1000; // 524,288 bytes of budget
    for (let i = 0; i < 200; i++) {
      assert.equal(flow.canWrite(2, now), true);
      flow.onBytesWritten(2, now); // PINGREQ
    }
    // 200 flat charges of 4352 would exceed the budget; 400 real bytes leave almost all of it
    assert.equal(flow.canWrite(524_288 - 400, now), true);
    assert.equal(flow.canWrite(524_288 - 399, now), false);
  });

  it("a write larger than 512 KiB waits for a full budget and is then allowed (debt)", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    const size = 2 * 1024 * 1024;
    assert.equal(flow.canWrite(size, T0 + 999), false);
    assert.ok(Math.abs(flow.nextAvailableMs(T0, size, false) - (T0 + 1000)) < 1e-9);
    assert.equal(flow.canWrite(size, T0 + 1000), true);
    flow.onBytesWritten(size, T0 + 1000);
    // 1.5 MiB of debt: the next byte waits 3 s more
    assert.ok(Math.abs(flow.nextAvailableMs(T0 + 1000, 1, false) - (T0 + 4000 + 1000 / 524_288)) < 1e-6);
  });

  it("nextAvailableMs is the later of both limits, and ignores the publish limit for other packets", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    const now = T0 + 100; // 10 publishes, 52,428.8 bytes of budget
    for (let i = 0; i < 10; i++) flow.onPublishWritten(now);
    assert.equal(flow.canPublish(now), false);
    assert.equal(flow.nextAvailableMs(now, 100, false), now);
    assert.ok(Math.abs(flow.nextAvailableMs(now, 100, true) - (now + 10)) < 1e-9);
    const bytesWait = ((200_000 - 52_428.8) * 1000) / 524_288;
    assert.ok(Math.abs(flow.nextAvailableMs(now, 200_000, true) - (now + bytesWait)) < 1e-6);
  });

  it("reset empties both budgets again (reconnect)", () => {
    const flow = new AwsIotCoreFlowControl();
    flow.reset(T0);
    const later = T0 + 10_000;
    assert.equal(flow.canPublish(later), true);
    flow.reset(later);
    assert.equal(flow.canPublish(later), false);
    assert.equal(flow.canWrite(1, later), false);
  });
});
