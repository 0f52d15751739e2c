// io.TlsContextOptions: defaults, what each factory records, the trust-store overrides, the Windows store refusal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ValidationError, io } from "../../../src/index.js";

test("defaults: verify_peer on, TLS version Default, empty ALPN list, no credential", () => {
  const options = new io.TlsContextOptions();
  assert.equal(options.verify_peer, true);
  assert.equal(options.min_tls_version, io.TlsVersion.Default);
  assert.deepEqual(options.alpn_list, []);
  assert.equal(options.no_certificate_revocation, false);
  for (const field of ["certificate", "certificate_filepath", "private_key", "pkcs12_filepath", "pkcs11_options", "certificate_source"] as const) {
    assert.equal(options[field], undefined, field);
  }
});

test("client factories record their inputs, verify_peer and the certificate source", () => {
  const fromPath = io.TlsContextOptions.create_client_with_mtls_from_path("/c.pem", "/k.pem");
  assert.deepEqual([fromPath.certificate_filepath, fromPath.private_key_filepath], ["/c.pem", "/k.pem"]);
  assert.equal(fromPath.certificate_source, io.CertificateSource.CERTIFICATE_FILES);
  assert.equal(fromPath.verify_peer, true);

  const inMemory = io.TlsContextOptions.create_client_with_mtls("CERT", "KEY");
  assert.deepEqual([inMemory.certificate, inMemory.private_key], ["CERT", "KEY"]);
  assert.equal(inMemory.certificate_source, io.CertificateSource.CERTIFICATE_FILES);

  const p12 = io.TlsContextOptions.create_client_with_mtls_pkcs12_from_path("/c.p12", "pw");
  assert.deepEqual([p12.pkcs12_filepath, p12.pkcs12_password, p12.certificate_source], ["/c.p12", "pw", io.CertificateSource.PKCS12_FILE]);
  const alias = io.TlsContextOptions.create_client_with_mtls_pkcs_from_path("/c.p12", "");
  assert.deepEqual([alias.pkcs12_filepath, alias.pkcs12_password, alias.certificate_source], ["/c.p12", "", io.CertificateSource.PKCS12_FILE]);

  const pkcs11Options = { pkcs11_lib: new io.Pkcs11Lib(process.execPath), user_pin: "1234", token_label: "T" };
  const p11 = io.TlsContextOptions.create_client_with_mtls_pkcs11(pkcs11Options);
  assert.equal(p11.pkcs11_options, pkcs11Options);
  assert.equal(p11.certificate_source, io.CertificateSource.PKCS11);
  assert.equal(p11.verify_peer, true);
});

test("server factories turn verify_peer off and set no certificate source", () => {
  const fromPath = io.TlsContextOptions.create_server_with_mtls_from_path("/c.pem", "/k.pem");
  assert.equal(fromPath.verify_peer, false);
  assert.equal(fromPath.certificate_source, undefined);
  const p12 = io.TlsContextOptions.create_server_with_mtls_pkcs_from_path("/s.p12", "pw");
  assert.equal(p12.verify_peer, false);
  assert.equal(p12.pkcs12_filepath, "/s.p12");
});

test("override_default_trust_store(_from_path) set the CA fields; arguments are checked", () => {
  const options = new io.TlsContextOptions();
  options.override_default_trust_store_from_path("/etc/ssl/certs", "/ca.pem");
  assert.deepEqual([options.ca_dirpath, options.ca_filepath], ["/etc/ssl/certs", "/ca.pem"]);
  options.override_default_trust_store_from_path(undefined, "/other.pem");
  assert.deepEqual([options.ca_dirpath, options.ca_filepath], ["/etc/ssl/certs", "/other.pem"]);
  options.override_default_trust_store("-----BEGIN CERTIFICATE-----");
  assert.equal(options.certificate_authority, "-----BEGIN CERTIFICATE-----");
  assert.throws(() => options.override_default_trust_store(""), ValidationError);
  assert.throws(() => io.TlsContextOptions.create_client_with_mtls_from_path("", "/k.pem"), { field: "certificate_filepath" });
  assert.throws(() => io.TlsContextOptions.create_client_with_mtls("CERT", 7 as unknown as string), { field: "private_key" });
  assert.throws(() => io.TlsContextOptions.create_client_with_mtls_pkcs12_from_path("/c.p12", undefined as unknown as string), { field: "pkcs12_password" });
  assert.throws(() => io.TlsContextOptions.create_client_with_mtls_pkcs11(null as unknown as io.TlsContextOptions.Pkcs11Options), { field: "pkcs11_options" });
});

test("the Windows certificate store is refused on every platform, saying why and what to do instead", () => {
  assert.throws(
    () => io.TlsContextOptions.create_client_with_mtls_windows_cert_store_path("CurrentUser\\MY\\A11F8A9B5DF5B98BA3508FBCA575D09570E0D2C6"),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.field, "windows_cert_store_path");
      assert.match(error.message, /not supported on this platform or any other/);
      assert.match(error.message, /Node's TLS \(OpenSSL\) cannot use keys/);
      assert.match(error.message, /PKCS#12.*create_client_with_mtls_pkcs12_from_path/);
      assert.doesNotMatch(error.message, /A11F8A9B/, "the store path is not echoed");
      return true;
    },
  );
});
