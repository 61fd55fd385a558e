// Real proxies for the client's tests, started as children on free ports with their own
// configuration: tinyproxy (HTTP CONNECT) and microsocks (SOCKS5), both Debian packages that
// scripts/bootstrap.sh installs.
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
    tinyproxy,   ///< HTTP CONNECT; credentials: BasicAuth
    microsocks,  ///< SOCKS5; credentials: RFC 1929 user/password
  };

  struct settings {
    std::string user;  ///< empty: no authentication
    std::string password;
    /// tinyproxy only: the target ports CONNECT may reach (ConnectPort); empty: any.
    std::vector<std::uint16_t> connect_ports;
  };

  /// Whether the program is installed; a test skips (GTEST_SKIP) when it is not.
  static bool available(kind k);
  /// The program's path, for skip messages.
  static std::string program(kind k);

  /// Starts it on a free port and waits until it accepts connections. Throws
  /// std::runtime_error when it does not start.
  explicit proxy_process(kind k, settings s = {});
  ~proxy_process();
  proxy_process(const proxy_process&) = delete;
  proxy_process& operator=(const proxy_process&) = delete;

  std::uint16_t port() const { return port_; }
  /// "scheme://[user:password@]127.0.0.1:PORT"; scheme http for tinyproxy, socks5h by default
  /// for microsocks.
  std::string url(const std::string& scheme = "") const;
  /// url() with other credentials.
  std::string url_with(const std::string& scheme, const std::string& user,
                       const std::string& password) const;

  /// Kills it (SIGKILL: connections through it drop at once).
  void kill();
  /// Starts it again on the same port; throws when it cannot.
  void restart();

 private:
  /// One try on port_: false when the program exited (the port was taken).
  bool launch();

  kind kind_;
  settings settings_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<child_process> process_;
};

}  // namespace wsclient::test
