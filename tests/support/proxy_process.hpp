// Real proxies for the client's tests, started as children on free ports with their own
// configuration: tinyproxy (HTTP CONNECT), microsocks (SOCKS5) and stunnel terminating TLS in
// front of tinyproxy (an https:// proxy), Debian packages that scripts/bootstrap.sh installs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace wsclient::test {

/// @par Thread Safety  Not thread-safe; use from one thread.
class proxy_process {
 public:
  enum class kind {
    tinyproxy,      ///< HTTP CONNECT; credentials: BasicAuth
    microsocks,     ///< SOCKS5; credentials: RFC 1929 user/password
    tls_tinyproxy,  ///< stunnel (TLS, settings' certificate) in front of tinyproxy
  };

  struct settings {
    std::string user;  ///< empty: no authentication
    std::string password;
    /// tinyproxy only: the target ports CONNECT may reach (ConnectPort); empty: any.
    std::vector<std::uint16_t> connect_ports;
  };

  /// tls_tinyproxy only: the certificate chain and key stunnel presents (PEM files); empty:
  /// shared_pki()'s, for 127.0.0.1 and localhost.
  struct tls_files {
    std::string cert;
    std::string key;
  };

  /// Whether the programs are installed; a test skips (GTEST_SKIP) when they are not.
  static bool available(kind k);
  /// The program's path (the one in front), for skip messages.
  static std::string program(kind k);

  /// Starts it on a free port and waits until it accepts connections. Throws
  /// std::runtime_error when it does not start.
  explicit proxy_process(kind k, settings s = {}, tls_files tls = {});
  ~proxy_process();
  proxy_process(const proxy_process&) = delete;
  proxy_process& operator=(const proxy_process&) = delete;

  std::uint16_t port() const { return port_; }
  /// "scheme://[user:password@]127.0.0.1:PORT"; scheme http for tinyproxy, https for
  /// tls_tinyproxy, socks5h by default for microsocks.
  std::string url(const std::string& scheme = "") const;
  /// url() with other credentials.
  std::string url_with(const std::string& scheme, const std::string& user,
                       const std::string& password) const;

  /// Kills it (SIGKILL: connections through it drop at once).
  void kill();
  /// Starts it again on the same port; throws when it cannot.
  void restart();

 private:
  /// One try on port_: false when a program exited (a port was taken).
  bool launch();
  /// Starts argv, which listens on port: null when it exited (the port was taken).
  static std::unique_ptr<child_process> start_listening(std::vector<std::string> argv,
                                                        std::uint16_t port);
  std::vector<std::string> tinyproxy_argv(std::uint16_t port) const;
  std::vector<std::string> stunnel_argv(std::uint16_t inner_port) const;

  kind kind_;
  settings settings_;
  tls_files tls_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<child_process> inner_;  ///< tinyproxy behind stunnel (tls_tinyproxy)
  std::unique_ptr<child_process> process_;
};

}  // namespace wsclient::test
