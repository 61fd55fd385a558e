#include "proxy_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <utility>

#include "tcp_client.hpp"
#include "test_pki.hpp"

namespace wsclient::test {

namespace fs = std::filesystem;

namespace {

using std::chrono::milliseconds;

constexpr int start_tries = 5;
constexpr milliseconds start_timeout{20'000};

/// A port nobody listens on right now. Another process may take it before the proxy binds it:
/// launch() then fails and the caller tries another.
std::uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&address), size) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    throw std::runtime_error("proxy_process: no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

std::string proxy_process::program(kind k) {
  switch (k) {
    case kind::tinyproxy:
      return "/usr/bin/tinyproxy";
    case kind::microsocks:
      return "/usr/bin/microsocks";
    case kind::tls_tinyproxy:
      return "/usr/bin/stunnel4";
  }
  return {};
}

bool proxy_process::available(kind k) {
  return ::access(program(k).c_str(), X_OK) == 0 &&
         (k != kind::tls_tinyproxy || available(kind::tinyproxy));
}

proxy_process::proxy_process(kind k, settings s, tls_files tls)
    : kind_(k), settings_(std::move(s)), tls_(std::move(tls)) {
  std::string pattern = (fs::temp_directory_path() / "wsclient-proxy-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("proxy_process: mkdtemp failed");
  }
  dir_ = pattern;
  for (int i = 0; i < start_tries; ++i) {
    port_ = unused_port();
    if (launch()) {
      return;
    }
  }
  throw std::runtime_error(program(k) + " did not start");
}

proxy_process::~proxy_process() {
  process_.reset();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::vector<std::string> proxy_process::tinyproxy_argv(std::uint16_t port) const {
  const auto config = dir_ / "tinyproxy.conf";
  std::ofstream out(config);
  // Little logging: nobody reads its stdout once it runs, and a full pipe would stall it.
  out << "Port " << port << "\nListen 127.0.0.1\nLogLevel Critical\nMaxClients 100\n";
  if (!settings_.user.empty()) {
    out << "BasicAuth " << settings_.user << " " << settings_.password << "\n";
  }
  for (const auto p : settings_.connect_ports) {
    out << "ConnectPort " << p << "\n";
  }
  return {program(kind::tinyproxy), "-d", "-c", config.string()};  // -d: in the foreground
}

std::vector<std::string> proxy_process::stunnel_argv(std::uint16_t inner_port) const {
  const auto config = dir_ / "stunnel.conf";
  const auto& pki = shared_pki();
  const bool own = !tls_.cert.empty();
  std::ofstream out(config);
  // In the foreground without a pid file, logging critical errors only (to stderr: the test's
  // output).
  out << "foreground = yes\npid =\ndebug = 2\n[proxy]\naccept = 127.0.0.1:" << port_
      << "\nconnect = 127.0.0.1:" << inner_port << "\ncert = " << (own ? tls_.cert : pki.cert)
      << "\nkey = " << (own ? tls_.key : pki.key) << "\n";
  return {program(kind::tls_tinyproxy), config.string()};
}

bool proxy_process::launch() {
  process_.reset();
  inner_.reset();
  switch (kind_) {
    case kind::tinyproxy:
      process_ = start_listening(tinyproxy_argv(port_), port_);
      break;
    case kind::microsocks: {
      std::vector<std::string> argv{program(kind_), "-i", "127.0.0.1", "-p", std::to_string(port_)};
      if (!settings_.user.empty()) {
        argv.insert(argv.end(), {"-u", settings_.user, "-P", settings_.password});
      }
      process_ = start_listening(std::move(argv), port_);
      break;
    }
    case kind::tls_tinyproxy: {
      const auto inner_port = unused_port();
      inner_ = start_listening(tinyproxy_argv(inner_port), inner_port);
      if (inner_) {
        process_ = start_listening(stunnel_argv(inner_port), port_);
      }
      break;
    }
  }
  return process_ != nullptr;
}

std::unique_ptr<child_process> proxy_process::start_listening(std::vector<std::string> argv,
                                                              std::uint16_t port) {
  auto process = std::make_unique<child_process>(std::move(argv));
  // Its port accepting tells that it runs. Between tries the wait is for its exit (the port
  // was taken), which ends the wait at once when it happens.
  const auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      tcp_client probe(port, milliseconds(1'000));
      return process;
    } catch (const std::runtime_error&) {
      if (process->wait_exit(milliseconds(20))) {
        return nullptr;
      }
    }
  }
  return nullptr;
}

std::string proxy_process::url(const std::string& scheme) const {
  return url_with(scheme, settings_.user, settings_.password);
}

std::string proxy_process::url_with(const std::string& scheme, const std::string& user,
                                    const std::string& password) const {
  const std::string s = !scheme.empty()                ? scheme
                        : kind_ == kind::tinyproxy     ? "http"
                        : kind_ == kind::tls_tinyproxy ? "https"
                                                       : "socks5h";
  const std::string credentials = user.empty() ? "" : user + ":" + password + "@";
  return s + "://" + credentials + "127.0.0.1:" + std::to_string(port_);
}

void proxy_process::kill() {
  process_.reset();  // SIGKILL and reap
  inner_.reset();
}

void proxy_process::restart() {
  for (int i = 0; i < start_tries; ++i) {
    if (launch()) {
      return;
    }
  }
  throw std::runtime_error(program(kind_) + " did not start again on port " +
                           std::to_string(port_));
}

}  // namespace wsclient::test
