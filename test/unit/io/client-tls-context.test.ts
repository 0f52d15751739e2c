// io.ClientTlsContext: TlsContextOptions → the transport's node:tls options, file reading, validation that names
// the aws-crt field, and what the client accepts as `tlsCtx`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ValidationError, io, mqtt5 } from "../../../src/index.js";
import { resolveClientConfig } from "../../../src/api/config-validation.js";
import { getTestCertificates } from "../../support/certificates.js";

const certs = getTestCertificates();
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

test("no options: verification on, Node's default trust store, no client credential", () => {
  for (const context of [new io.ClientTlsContext(), new io.ClientTlsContext(null), new io.ClientTlsContext(new io.TlsContextOptions())]) {
    assert.deepEqual(context.toTlsOptions(), { rejectUnauthorized: true });
  }
});

test("mTLS from files: the PEM files are read when the context is created", () => {
  const options = io.TlsContextOptions.create_client_with_mtls_from_path(certs.client.certPath, certs.client.keyPath);
  options.override_default_trust_store_from_path(undefined, certs.ca.certPath);
  options.alpn_list = ["x-amzn-mqtt-ca"];
  options.min_tls_version = io.TlsVersion.TLSv1_3;
  const context = new io.ClientTlsContext(options);
  assert.equal(context.certificate_source, io.CertificateSource.CERTIFICATE_FILES);
  assert.equal(context.min_tls_version, io.TlsVersion.TLSv1_3);
  const tls = context.toTlsOptions();
  assert.equal(tls.cert, text(certs.client.cert));
  assert.equal(tls.key, text(certs.client.key));
  assert.deepEqual(tls.ca, [text(certs.ca.cert)]);
  assert.deepEqual(tls.alpnProtocols, ["x-amzn-mqtt-ca"]);
  assert.equal(tls.minVersion, "TLSv1.3");
  assert.equal(tls.rejectUnauthorized, true);
});

test("mTLS from memory, CA from memory and from a folder (hash links read once), verify_peer false", () => {
  const dir = mkdtempSync(join(tmpdir(), "mqtt5-ca-dir-"));
  try {
    writeFileSync(join(dir, "ca.pem"), certs.ca.cert);
    symlinkSync(join(dir, "ca.pem"), join(dir, "abcdef01.0"));
    writeFileSync(join(dir, "README"), "not a certificate");
    const options = io.TlsContextOptions.create_client_with_mtls(text(certs.client.cert), text(certs.client.key));
    options.ca_dirpath = dir;
    options.override_default_trust_store(text(certs.untrustedCa.cert));
    options.verify_peer = false;
    const tls = new io.ClientTlsContext(options).toTlsOptions();
    assert.deepEqual(tls.ca, [text(certs.ca.cert), text(certs.untrustedCa.cert)]);
    assert.equal(tls.rejectUnauthorized, false);
    assert.equal(tls.cert, text(certs.client.cert));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("PKCS#12: the file's bytes and the passphrase", () => {
  const options = io.TlsContextOptions.create_client_with_mtls_pkcs12_from_path(certs.clientPkcs12.path, certs.clientPkcs12.passphrase);
  const tls = new io.ClientTlsContext(options).toTlsOptions();
  assert.deepEqual(Buffer.from(tls.pfx as Uint8Array), certs.clientPkcs12.pfx);
  assert.equal(tls.passphrase, certs.clientPkcs12.passphrase);
  assert.equal(tls.key, undefined);
});

test("PKCS#11: library path, PIN, labels and slot go to the transport; the certificate is read", () => {
  const lib = new io.Pkcs11Lib(process.execPath);
  const options = io.TlsContextOptions.create_client_with_mtls_pkcs11({
    pkcs11_lib: lib,
    user_pin: "1234",
    slot_id: 7,
    token_label: "token",
    private_key_object_label: "key",
    cert_file_path: certs.client.certPath,
  });
  const tls = new io.ClientTlsContext(options).toTlsOptions();
  assert.deepEqual(tls.pkcs11, { libraryPath: process.execPath, pin: "1234", tokenLabel: "token", privateKeyLabel: "key", slotId: 7 });
  assert.equal(tls.cert, text(certs.client.cert));
  const nullPin = io.TlsContextOptions.create_client_with_mtls_pkcs11({ pkcs11_lib: lib, user_pin: null, cert_file_contents: text(certs.client.cert) });
  assert.deepEqual(new io.ClientTlsContext(nullPin).toTlsOptions().pkcs11, { libraryPath: process.execPath, pin: null });
});

test("the context keeps secrets out of inspect() and JSON, and hands out copies", () => {
  const options = io.TlsContextOptions.create_client_with_mtls_pkcs11({
    pkcs11_lib: new io.Pkcs11Lib(process.execPath),
    user_pin: "secret-pin-31337",
    cert_file_path: certs.client.certPath,
  });
  options.alpn_list = ["mqtt"];
  const context = new io.ClientTlsContext(options);
  assert.doesNotMatch(inspect(context, { depth: 8 }), /secret-pin-31337/);
  assert.doesNotMatch(JSON.stringify(context), /secret-pin-31337/);
  const copy = context.toTlsOptions();
  copy.alpnProtocols?.push("changed");
  if (copy.pkcs11 !== undefined) (copy.pkcs11 as { pin: string | null }).pin = "changed";
  assert.deepEqual(context.toTlsOptions().alpnProtocols, ["mqtt"]);
  assert.equal(context.toTlsOptions().pkcs11?.pin, "secret-pin-31337");
  options.alpn_list.push("later");
  assert.deepEqual(context.toTlsOptions().alpnProtocols, ["mqtt"], "later changes to the options do not leak in");
});

test("cipher preferences: Default/PQ_Default keep Node's defaults, TLSv1_2_2025_07 restricts, the rest is refused", () => {
  const withPreference = (preference: io.TlsCipherPreference, minimum?: io.TlsVersion) => {
    const options = new io.TlsContextOptions();
    options.tls_cipher_preference = preference;
    if (minimum !== undefined) options.min_tls_version = minimum;
    return new io.ClientTlsContext(options);
  };
  assert.deepEqual(withPreference(io.TlsCipherPreference.Default).toTlsOptions(), { rejectUnauthorized: true });
  assert.deepEqual(withPreference(io.TlsCipherPreference.PQ_Default).toTlsOptions(), { rejectUnauthorized: true });
  const strict = withPreference(io.TlsCipherPreference.TLSv1_2_2025_07).toTlsOptions();
  assert.equal(strict.minVersion, "TLSv1.2");
  assert.match(strict.ciphers ?? "", /^TLS_AES_128_GCM_SHA256:.*ECDHE-RSA-AES256-GCM-SHA384/);
  assert.doesNotMatch(strict.ciphers ?? "", /CBC|SHA1\b|RSA-AES128-SHA/);
  assert.equal(withPreference(io.TlsCipherPreference.TLSv1_2_2025_07, io.TlsVersion.TLSv1_3).toTlsOptions().minVersion, "TLSv1.3");
  assert.equal(withPreference(io.TlsCipherPreference.TLSv1_2_2025_07).tls_cipher_preference, io.TlsCipherPreference.TLSv1_2_2025_07);
  assert.throws(() => withPreference(io.TlsCipherPreference.PQ_TLSv1_0_2021_05), { field: "tls_cipher_preference" });
  assert.equal(io.tls_cipher_preference_is_supported(io.TlsCipherPreference.PQ_TLSv1_0_2021_05), false);
  assert.equal(io.tls_cipher_preference_is_supported(io.TlsCipherPreference.TLSv1_2_2025_07), true);
});

test("TLS versions map to Node's names; SSLv3 is refused", () => {
  const expected: [io.TlsVersion, string | undefined][] = [
    [io.TlsVersion.TLSv1, "TLSv1"],
    [io.TlsVersion.TLSv1_1, "TLSv1.1"],
    [io.TlsVersion.TLSv1_2, "TLSv1.2"],
    [io.TlsVersion.TLSv1_3, "TLSv1.3"],
    [io.TlsVersion.Default, undefined],
  ];
  for (const [version, name] of expected) {
    const options = new io.TlsContextOptions();
    options.min_tls_version = version;
    assert.equal(new io.ClientTlsContext(options).toTlsOptions().minVersion, name);
  }
  const sslv3 = new io.TlsContextOptions();
  sslv3.min_tls_version = io.TlsVersion.SSLv3;
  assert.throws(() => new io.ClientTlsContext(sslv3), { field: "min_tls_version" });
});

/** Builds options with `mutate` applied and expects a ValidationError on `field`. */
function rejects(field: string, mutate: (options: io.TlsContextOptions) => void, rule?: RegExp): void {
  const options = new io.TlsContextOptions();
  mutate(options);
  assert.throws(
    () => new io.ClientTlsContext(options),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.equal(error.field, field);
      if (rule !== undefined) assert.match(error.rule, rule);
      return true;
    },
  );
}

test("validation names the field: unreadable files, non-PEM content, swapped certificate and key", () => {
  rejects("certificate_filepath", (o) => Object.assign(o, { certificate_filepath: "/nonexistent/c.pem", private_key: text(certs.client.key) }), /cannot be read \(ENOENT\)/);
  rejects("private_key_filepath", (o) => Object.assign(o, { certificate: text(certs.client.cert), private_key_filepath: certs.client.certPath }), /PEM private key/);
  rejects("certificate", (o) => Object.assign(o, { certificate: text(certs.client.key), private_key: text(certs.client.key) }), /PEM certificate/);
  rejects("ca_filepath", (o) => o.override_default_trust_store_from_path(undefined, certs.client.keyPath), /PEM certificate/);
  rejects("ca_dirpath", (o) => o.override_default_trust_store_from_path("/nonexistent-folder"), /cannot be read/);
  rejects("pkcs12_filepath", (o) => Object.assign(o, { pkcs12_filepath: "/nonexistent.p12" }), /ENOENT/);
  rejects("alpn_list", (o) => Object.assign(o, { alpn_list: ["mqtt", ""] }));
  rejects("verify_peer", (o) => Object.assign(o, { verify_peer: "yes" }));
  rejects("windows_cert_store_path", (o) => Object.assign(o, { windows_cert_store_path: "CurrentUser\\MY\\AB" }));
});

test("validation: credentials must be complete and of one kind", () => {
  rejects("private_key_filepath", (o) => Object.assign(o, { certificate_filepath: certs.client.certPath }), /required/);
  rejects("certificate_filepath", (o) => Object.assign(o, { certificate_filepath: certs.client.certPath, certificate: text(certs.client.cert), private_key: "k" }), /not both/);
  rejects("TlsContextOptions", (o) => Object.assign(o, { certificate: "c", private_key: "k", pkcs12_filepath: "/x.p12" }), /one client credential/);
});

test("validation of the PKCS#11 options; the PIN is never part of a message", () => {
  const lib = new io.Pkcs11Lib(process.execPath);
  const cert = text(certs.client.cert);
  const with11 = (pkcs11: object) => (o: io.TlsContextOptions) => Object.assign(o, { pkcs11_options: pkcs11 });
  rejects("pkcs11_options.pkcs11_lib", with11({ pkcs11_lib: "/usr/lib/softhsm/libsofthsm2.so", user_pin: "1", cert_file_contents: cert }), /io.Pkcs11Lib/);
  rejects("pkcs11_options.user_pin", with11({ pkcs11_lib: lib, cert_file_contents: cert }), /null/);
  rejects("pkcs11_options.slot_id", with11({ pkcs11_lib: lib, user_pin: "1", slot_id: -1, cert_file_contents: cert }));
  rejects("pkcs11_options.cert_file_path", with11({ pkcs11_lib: lib, user_pin: "1" }), /not read from the token/);
  rejects("pkcs11_options.cert_file_path", with11({ pkcs11_lib: lib, user_pin: "1", cert_file_path: certs.client.certPath, cert_file_contents: cert }), /not both/);
  rejects("pkcs11_options.token_label", with11({ pkcs11_lib: lib, user_pin: "1", token_label: "", cert_file_contents: cert }));
  const closed = new io.Pkcs11Lib(process.execPath);
  closed.close();
  rejects("pkcs11_options.pkcs11_lib", with11({ pkcs11_lib: closed, user_pin: "1", cert_file_contents: cert }), /closed/);
  const options = io.TlsContextOptions.create_client_with_mtls_pkcs11({ pkcs11_lib: lib, user_pin: "pin-never-shown", slot_id: 1.5, cert_file_contents: cert });
  assert.throws(() => new io.ClientTlsContext(options), (error: Error) => !error.message.includes("pin-never-shown"));
});

test("Pkcs11Lib checks the library file and the behaviour; close() marks it", () => {
  assert.throws(() => new io.Pkcs11Lib("/nonexistent/libpkcs11.so"), { field: "Pkcs11Lib.path" });
  assert.throws(() => new io.Pkcs11Lib(tmpdir()), { field: "Pkcs11Lib.path" });
  assert.throws(() => new io.Pkcs11Lib(process.execPath, 9 as io.Pkcs11Lib.InitializeFinalizeBehavior), { field: "Pkcs11Lib.behavior" });
  const lib = new io.Pkcs11Lib(process.execPath, io.Pkcs11Lib.InitializeFinalizeBehavior.STRICT);
  assert.equal(lib.behavior, 2);
  assert.equal(lib.closed, false);
  lib.close();
  assert.equal(lib.closed, true);
});

test("TlsConnectionOptions: server name and ALPN on top of the context", () => {
  const context = new io.ClientTlsContext(Object.assign(new io.TlsContextOptions(), { alpn_list: ["a"] }));
  assert.deepEqual(new io.TlsConnectionOptions(context).toTlsOptions(), { rejectUnauthorized: true, alpnProtocols: ["a"] });
  assert.deepEqual(new io.TlsConnectionOptions(context, "proxy.example", ["http/1.1"]).toTlsOptions(), {
    rejectUnauthorized: true,
    alpnProtocols: ["http/1.1"],
    servername: "proxy.example",
  });
  assert.throws(() => new io.TlsConnectionOptions({} as io.TlsContext), { field: "tls_ctx" });
  assert.throws(() => new io.TlsConnectionOptions(context, ""), { field: "server_name" });
});

test("the client configuration reads a ClientTlsContext (tlsCtx) and SocketOptions (socketOptions)", () => {
  const options = io.TlsContextOptions.create_client_with_mtls_from_path(certs.client.certPath, certs.client.keyPath);
  const tlsCtx = new io.ClientTlsContext(options);
  const resolved = resolveClientConfig({
    hostName: "localhost",
    port: 8883,
    tlsCtx,
    socketOptions: new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 2500, true, 45, 5, 3),
  });
  assert.deepEqual({ ...resolved.tls }, tlsCtx.toTlsOptions());
  assert.equal(resolved.socket.connectTimeoutMs, 2500);
  assert.equal(resolved.socket.keepAlive, true);
  assert.equal(resolved.socket.keepAliveIntervalSeconds, 45);
  // aws-crt's SocketOptions constructor default is 5 s (without SocketOptions the client uses 10 s).
  assert.equal(resolveClientConfig({ hostName: "h", port: 1, socketOptions: new io.SocketOptions() }).socket.connectTimeoutMs, 5000);
  new mqtt5.Mqtt5Client({ hostName: "localhost", port: 8883, tlsCtx }).close();
});
