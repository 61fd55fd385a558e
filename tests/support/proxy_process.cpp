#include "proxy_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <utility>

#include "tcp_client.hpp"

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
  return k == kind::tinyproxy ? "/usr/bin/tinyproxy" : "/usr/bin/microsocks";
}

bool proxy_process::available(kind k) {
  return ::access(program(k).c_str(), X_OK) == 0;
}

proxy_process::proxy_process(kind k, settings s) : kind_(k), settings_(std::move(s)) {
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

bool proxy_process::launch() {
  process_.reset();
  std::vector<std::string> argv{program(kind_)};
  if (kind_ == kind::tinyproxy) {
    const auto config = dir_ / "tinyproxy.conf";
    std::ofstream out(config);
    // Little logging: nobody reads its stdout once it runs, and a full pipe would stall it.
    out << "Port " << port_ << "\nListen 127.0.0.1\nLogLevel Critical\nMaxClients 100\n";
    if (!settings_.user.empty()) {
      out << "BasicAuth " << settings_.user << " " << settings_.password << "\n";
    }
    for (const auto p : settings_.connect_ports) {
      out << "ConnectPort " << p << "\n";
    }
    out.close();
    argv.insert(argv.end(), {"-d", "-c", config.string()});  // -d: in the foreground
  } else {
    argv.insert(argv.end(), {"-i", "127.0.0.1", "-p", std::to_string(port_)});
    if (!settings_.user.empty()) {
      argv.insert(argv.end(), {"-u", settings_.user, "-P", settings_.password});
    }
  }
  process_ = std::make_unique<child_process>(std::move(argv));
  // Its port accepting tells that it runs. Between tries the wait is for its exit (the port
  // was taken), which ends the wait at once when it happens.
  const auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      tcp_client probe(port_, milliseconds(1'000));
      return true;
    } catch (const std::runtime_error&) {
      if (process_->wait_exit(milliseconds(20))) {
        return false;
      }
    }
  }
  return false;
}

std::string proxy_process::url(const std::string& scheme) const {
  return url_with(scheme, settings_.user, settings_.password);
}

std::string proxy_process::url_with(const std::string& scheme, const std::string& user,
                                    const std::string& password) const {
  const std::string s = !scheme.empty() ? scheme : (kind_ == kind::tinyproxy ? "http" : "socks5h");
  const std::string credentials = user.empty() ? "" : user + ":" + password + "@";
  return s + "://" + credentials + "127.0.0.1:" + std::to_string(port_);
}

void proxy_process::kill() {
  process_.reset();  // SIGKILL and reap
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
