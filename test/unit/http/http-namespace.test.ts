// The `http` namespace as aws-crt names it (api-iot.md §4): HttpHeaders (ordered, case-insensitive names),
// HttpRequest, HttpProxyOptions with its enums — reachable from the package entry as `http.X`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { http } from "../../../src/index.js";

test("HttpHeaders keeps order and spelling, looks names up case-insensitively", () => {
  const headers = new http.HttpHeaders([
    ["Host", "broker"],
    ["X-Token", "a"],
    ["x-token", "b"],
  ]);
  assert.equal(headers.length, 3);
  assert.equal(headers.get("HOST"), "broker");
  assert.equal(headers.get("x-TOKEN"), "a", "get returns the first value");
  assert.deepEqual(headers.get_values("X-Token"), ["a", "b"]);
  assert.deepEqual(headers.get_index(1), ["X-Token", "a"]);
  assert.deepEqual([...headers], [["Host", "broker"], ["X-Token", "a"], ["x-token", "b"]]);
  assert.equal(headers.get("missing"), "", "absent → the default, \"\" unless given");
  assert.equal(headers.get("missing", "fallback"), "fallback");
  assert.deepEqual(headers.get_values("missing"), []);
  assert.throws(() => headers.get_index(3), RangeError);
});

test("HttpHeaders add / set / remove / remove_value / clear", () => {
  const headers = new http.HttpHeaders();
  headers.add("A", "1");
  headers.add("B", "2");
  headers.add("a", "3");
  headers.set("A", "only");
  assert.deepEqual([...headers], [["B", "2"], ["A", "only"]], "set replaces every value of the name (appended last, as aws-crt)");
  headers.add("C", "x");
  headers.add("c", "y");
  headers.remove_value("C", "x");
  assert.deepEqual(headers.get_values("c"), ["y"]);
  headers.remove("B");
  assert.equal(headers.get_values("b").length, 0);
  assert.equal(headers.length, 2);
  headers.clear();
  assert.equal(headers.length, 0);
  assert.throws(() => headers.add("X", 5 as unknown as string), TypeError);
});

test("HttpHeaders iteration hands out copies; the constructor copies its input", () => {
  const input: [string, string][] = [["A", "1"]];
  const headers = new http.HttpHeaders(input);
  input[0]![1] = "changed";
  for (const pair of headers) pair[1] = "mutated";
  assert.equal(headers.get("A"), "1");
  assert.deepEqual(headers._flatten(), [["A", "1"]]);
});

test("HttpRequest: method, assignable path, headers (new ones when none given), body", () => {
  const request = new http.HttpRequest("GET", "/mqtt");
  assert.equal(request.method, "GET");
  assert.equal(request.path, "/mqtt");
  assert.ok(request.headers instanceof http.HttpHeaders);
  assert.equal(request.headers.length, 0);
  request.path = "/mqtt?token=1";
  request.headers.add("x-amz-date", "20240101T000000Z");
  assert.equal(request.path, "/mqtt?token=1");
  assert.equal(request.headers.get("X-Amz-Date"), "20240101T000000Z");
  const shared = new http.HttpHeaders([["a", "b"]]);
  assert.equal(new http.HttpRequest("POST", "/", shared, "body").headers, shared);
});

test("HttpProxyOptions: aws-crt constructor order and defaults; enums with aws-crt's values", () => {
  assert.equal(http.HttpProxyAuthenticationType.None, 0);
  assert.equal(http.HttpProxyAuthenticationType.Basic, 1);
  assert.deepEqual([http.HttpProxyConnectionType.Legacy, http.HttpProxyConnectionType.Forwarding, http.HttpProxyConnectionType.Tunneling], [0, 1, 2]);
  const plain = new http.HttpProxyOptions("proxy.example", 3128);
  assert.equal(plain.host_name, "proxy.example");
  assert.equal(plain.port, 3128);
  assert.equal(plain.auth_method, http.HttpProxyAuthenticationType.None);
  assert.equal(plain.auth_username, undefined);
  assert.equal(plain.tls_opts, undefined);
  assert.equal(plain.connection_type, undefined);
  const tlsOpts = { tls_ctx: { ca: "PEM" }, server_name: "proxy.example" };
  const full = new http.HttpProxyOptions("p", 8443, http.HttpProxyAuthenticationType.Basic, "user", "pw", tlsOpts, http.HttpProxyConnectionType.Tunneling);
  assert.deepEqual(
    [full.auth_method, full.auth_username, full.auth_password, full.tls_opts, full.connection_type],
    [1, "user", "pw", tlsOpts, 2],
  );
});

test("HttpProxyOptions: util.inspect / console.log do not show the password", () => {
  const options = new http.HttpProxyOptions("p", 8080, http.HttpProxyAuthenticationType.Basic, "user", "hunter2-secret");
  const shown = inspect(options);
  assert.doesNotMatch(shown, /hunter2-secret/);
  assert.match(shown, /REDACTED/);
  assert.match(shown, /user/);
  assert.equal(options.auth_password, "hunter2-secret", "the field itself stays readable, as in aws-crt");
});
