import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SendQuota } from "../../../../src/core/session/send-quota.js";

describe("SendQuota", () => {
  it("defaults to 65,535 when the CONNACK has no Receive Maximum", () => {
    const quota = new SendQuota();
    assert.equal(quota.available, 65535);
    assert.equal(quota.receiveMaximum, 65535);
  });

  it("allows exactly Receive Maximum acquisitions, then refuses [MQTT-4.9.0-1] [MQTT-4.9.0-2]", () => {
    const quota = new SendQuota();
    quota.reset(3);
    assert.equal(quota.tryAcquire(), true);
    assert.equal(quota.tryAcquire(), true);
    assert.equal(quota.tryAcquire(), true);
    assert.equal(quota.available, 0);
    assert.equal(quota.tryAcquire(), false);
    assert.equal(quota.available, 0);
  });

  it("release gives a unit back but never above the initial value (X-28)", () => {
    const quota = new SendQuota(2);
    quota.tryAcquire();
    quota.tryAcquire();
    quota.release();
    assert.equal(quota.available, 1);
    assert.equal(quota.tryAcquire(), true);
    quota.release();
    quota.release();
    quota.release(); // a duplicate or unexpected ack
    assert.equal(quota.available, 2);
  });

  it("reset starts again at the new connection's Receive Maximum (X-28)", () => {
    const quota = new SendQuota(10);
    for (let i = 0; i < 10; i++) quota.tryAcquire();
    quota.reset(4);
    assert.equal(quota.available, 4);
    assert.equal(quota.receiveMaximum, 4);
    quota.release();
    assert.equal(quota.available, 4);
  });

  it("30 publishes against Receive Maximum 3 never have more than 3 in flight", () => {
    const quota = new SendQuota(3);
    let inFlight = 0;
    let sent = 0;
    let maxInFlight = 0;
    while (sent < 30) {
      while (sent < 30 && quota.tryAcquire()) {
        sent++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
      }
      quota.release(); // one PUBACK
      inFlight--;
    }
    assert.equal(maxInFlight, 3);
  });

  it("rejects values outside 1..65535", () => {
    const quota = new SendQuota();
    for (const value of [0, -1, 65536, 1.5, NaN]) assert.throws(() => quota.reset(value), RangeError);
    assert.equal(quota.available, 65535);
  });
});
