import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ConnectionError,
  CrtError,
  MalformedPacketError,
  MqttClientError,
  OperationError,
  PacketTooLargeError,
  ProtocolError,
  ValidationError,
} from "../../../src/core/errors.js";

test("every error class names itself (also when a minifier renames the classes); a user's subclass keeps its name", () => {
  const cases: [Error, string][] = [
    [new CrtError("m"), "CrtError"],
    [new MqttClientError("c", "m"), "MqttClientError"],
    [new ValidationError("field", "rule"), "ValidationError"],
    [new ProtocolError(0x82, "m"), "ProtocolError"],
    [new MalformedPacketError("m"), "MalformedPacketError"],
    [new PacketTooLargeError(10, 5, "PUBLISH"), "PacketTooLargeError"],
    [new OperationError("timeout", "m"), "OperationError"],
    [new ConnectionError("c", "m"), "ConnectionError"],
  ];
  for (const [error, name] of cases) assert.equal(error.name, name);
  class AppError extends ValidationError {}
  assert.equal(new AppError("f", "r").name, "AppError");
  assert.equal(String(new ValidationError("port", "is required")), "ValidationError: invalid port: is required");
});
