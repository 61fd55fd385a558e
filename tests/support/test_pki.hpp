// A throwaway PKI made by the openssl command line, for TLS tests of the server and the client.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace wsclient::test {

/// A throwaway PKI in a temporary directory, removed at exit: a CA, a server certificate it
/// signed for 127.0.0.1 and localhost, one it signed for another name only (wrong.example),
/// a client certificate it signed, and a second CA that signed nothing.
class test_pki {
 public:
  test_pki();
  ~test_pki();
  test_pki(const test_pki&) = delete;
  test_pki& operator=(const test_pki&) = delete;

  std::filesystem::path dir;
  std::string ca, other_ca, cert, key, ca_key;
  std::string wrong_name_cert, wrong_name_key;
  std::string client_cert, client_key;  ///< a client certificate the CA signed (clientAuth)
  std::string error;                    ///< empty when every file was made

 private:
  std::string path(std::string_view name) const;
  static std::string openssl(const std::vector<std::string>& args);
  std::string write(std::string_view name, std::string_view text) const;
  std::string make_ca(const std::string& name, const std::string& cert_path,
                      const std::string& key_path) const;
  std::string make_leaf_cert(const std::string& name, const std::string& san,
                             const std::string& usage, const std::string& cert_path,
                             const std::string& key_path) const;
  mutable int serial_ = 1;
};

/// One PKI per test process, made on first use.
const test_pki& shared_pki();

}  // namespace wsclient::test
