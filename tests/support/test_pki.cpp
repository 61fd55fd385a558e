#include "test_pki.hpp"

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <system_error>

#include "run_program.hpp"

namespace wsclient::test {

namespace fs = std::filesystem;

test_pki::test_pki() {
  std::string pattern = (fs::temp_directory_path() / "wsclient-tls-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    error = "mkdtemp failed";
    return;
  }
  dir = pattern;
  ca = path("ca.pem");
  other_ca = path("other-ca.pem");
  cert = path("server.pem");
  key = path("server.key");
  ca_key = path("ca.key");
  error = make_ca("wsclient test CA", ca, ca_key);
  if (error.empty()) {
    error = make_ca("wsclient unrelated CA", other_ca, path("other-ca.key"));
  }
  if (error.empty()) {
    error = make_leaf_cert("localhost", "IP:127.0.0.1, DNS:localhost", "serverAuth", cert, key);
  }
  if (error.empty()) {
    wrong_name_cert = path("wrong-name.pem");
    wrong_name_key = path("wrong-name.key");
    error = make_leaf_cert("wrong.example", "DNS:wrong.example", "serverAuth", wrong_name_cert,
                           wrong_name_key);
  }
  if (error.empty()) {
    client_cert = path("client.pem");
    client_key = path("client.key");
    error = make_leaf_cert("wsclient test client", "DNS:client.example", "clientAuth", client_cert,
                           client_key);
  }
}
test_pki::~test_pki() {
  if (!dir.empty()) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
}
std::string test_pki::path(std::string_view name) const {
  return (dir / name).string();
}

std::string test_pki::openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run(argv);
  if (result.status != 0) {
    return "openssl " + args.front() + " failed:\n" + result.text();
  }
  return {};
}

std::string test_pki::write(std::string_view name, std::string_view text) const {
  std::ofstream out(path(name));
  out << text;
  return out.good() ? std::string{} : "cannot write " + path(name);
}

// Extensions as browsers and Python's ssl (strict X.509 checks) expect of a CA.
std::string test_pki::make_ca(const std::string& name, const std::string& cert_path,
                              const std::string& key_path) const {
  const auto config = "ca-" + fs::path(cert_path).stem().string() + ".cnf";
  auto error_text = write(config,
                          "[req]\ndistinguished_name = dn\nx509_extensions = ext\nprompt = no\n"
                          "[dn]\nCN = " +
                              name +
                              "\n[ext]\nbasicConstraints = critical, CA:TRUE\n"
                              "keyUsage = critical, keyCertSign, cRLSign\n"
                              "subjectKeyIdentifier = hash\n"
                              "authorityKeyIdentifier = keyid:always\n");
  if (!error_text.empty()) {
    return error_text;
  }
  return openssl({"req", "-x509", "-config", path(config), "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key_path, "-out", cert_path,
                  "-days", "2"});
}

std::string test_pki::make_leaf_cert(const std::string& name, const std::string& san,
                                     const std::string& usage, const std::string& cert_path,
                                     const std::string& key_path) const {
  std::string file = name;
  std::replace(file.begin(), file.end(), ' ', '-');
  const auto config = file + ".cnf";
  auto error_text = write(config,
                          "[req]\ndistinguished_name = dn\nprompt = no\n"
                          "[dn]\nCN = " +
                              name +
                              "\n"
                              "[ext]\nsubjectAltName = " +
                              san +
                              "\n"
                              "basicConstraints = critical, CA:FALSE\n"
                              "keyUsage = critical, digitalSignature\n"
                              "extendedKeyUsage = " +
                              usage +
                              "\n"
                              "subjectKeyIdentifier = hash\n"
                              "authorityKeyIdentifier = keyid\n");
  if (!error_text.empty()) {
    return error_text;
  }
  error_text = openssl({"req", "-new", "-config", path(config), "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key_path, "-out",
                        path(file + ".csr")});
  if (!error_text.empty()) {
    return error_text;
  }
  return openssl({"x509", "-req", "-in", path(file + ".csr"), "-CA", ca, "-CAkey", ca_key,
                  "-set_serial", std::to_string(++serial_), "-days", "2", "-out", cert_path,
                  "-extfile", path(config), "-extensions", "ext"});
}

const test_pki& shared_pki() {
  static const test_pki made;
  return made;
}

}  // namespace wsclient::test
