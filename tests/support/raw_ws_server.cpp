#include "raw_ws_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <stdexcept>
#include <utility>

#include "python_peer.hpp"  // base64_encode

namespace wsclient::test {

namespace {

using steady = std::chrono::steady_clock;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// Waits until fd is readable (true), or the stop descriptor is, or the deadline passes.
bool wait_readable(int fd, int stop_fd, steady::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    const int n = ::poll(fds, 2, static_cast<int>(std::min<long>(left.count(), INT_MAX)));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    return n > 0 && fds[1].revents == 0 && fds[0].revents != 0;
  }
}

// RFC 6455 section 4.2.2: base64 of the SHA-1 of the key and this GUID.
std::string accept_for(std::string_view key) {
  const std::string input = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha1(), nullptr) != 1) {
    return {};
  }
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

}  // namespace

int client_frame::close_code() const {
  if (payload.size() < 2) {
    return 1005;
  }
  return (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
}

std::string server_frame(int opcode, std::string_view payload, bool fin, int rsv) {
  std::string f;
  f += static_cast<char>((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F));
  const auto length = payload.size();
  if (length < 126) {
    f += static_cast<char>(length);
  } else if (length <= 0xFFFF) {
    f += static_cast<char>(126);
    f += static_cast<char>(length >> 8);
    f += static_cast<char>(length & 0xFF);
  } else {
    f += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      f += static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xFF);
    }
  }
  return f + std::string(payload);
}

std::string server_close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  payload += reason;
  return server_frame(8, payload);
}

std::string raw_connection::request_header(std::string_view name) const {
  std::string_view rest = request_;
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && iequals(line.substr(0, colon), name)) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      return std::string(value);
    }
  }
  return {};
}

std::string raw_connection::upgrade_response(std::string_view extra_headers) const {
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         accept_for(request_header("Sec-WebSocket-Key")) + "\r\n" + std::string(extra_headers) +
         "\r\n";
}

bool raw_connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void raw_connection::reset_at_end() {
  const linger abort_on_close{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
}

bool raw_connection::read_more(steady::time_point deadline) {
  if (!wait_readable(fd_, stop_fd_, deadline)) {
    return false;
  }
  char buffer[65536];
  const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) {
    return false;
  }
  in_.append(buffer, static_cast<std::size_t>(n));
  return true;
}

bool raw_connection::read_request(milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  for (;;) {
    if (const auto end = in_.find("\r\n\r\n"); end != std::string::npos) {
      request_ = in_.substr(0, end + 4);
      in_.erase(0, end + 4);
      return true;
    }
    if (!read_more(deadline)) {
      return false;
    }
  }
}

std::optional<client_frame> raw_connection::read_frame(milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  for (;;) {
    // RFC 6455 section 5.2: 2 bytes, an extended length, a mask key, the payload.
    if (in_.size() >= 2) {
      const auto* b = reinterpret_cast<const unsigned char*>(in_.data());
      client_frame f;
      f.fin = (b[0] & 0x80) != 0;
      f.opcode = b[0] & 0x0F;
      f.masked = (b[1] & 0x80) != 0;
      std::uint64_t length = b[1] & 0x7F;
      std::size_t at = 2;
      const std::size_t extended = length == 126 ? 2 : length == 127 ? 8 : 0;
      if (in_.size() >= at + extended) {
        if (extended != 0) {
          length = 0;
          for (std::size_t i = 0; i < extended; ++i) {
            length = (length << 8) | b[at + i];
          }
        }
        at += extended;
        const std::size_t key_at = at;
        at += f.masked ? 4 : 0;
        if (in_.size() >= at + length) {
          f.payload = in_.substr(at, length);
          if (f.masked) {
            for (std::size_t i = 0; i < f.payload.size(); ++i) {
              f.payload[i] = static_cast<char>(f.payload[i] ^ in_[key_at + i % 4]);
            }
          }
          in_.erase(0, at + length);
          return f;
        }
      }
    }
    if (!read_more(deadline)) {
      return std::nullopt;
    }
  }
}

bool raw_connection::wait_end_of_stream(milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  while (wait_readable(fd_, stop_fd_, deadline)) {
    char buffer[65536];
    const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      return true;  // end of stream, or reset: either way the client has closed
    }
  }
  return false;
}

raw_ws_server::raw_ws_server(script s) : script_(std::move(s)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  if (listen_fd_ < 0 || stop_fd_ < 0 ||
      ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::runtime_error("raw_ws_server: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { run(); });
}

raw_ws_server::~raw_ws_server() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(stop_fd_, &one, sizeof one);
  thread_.join();
  ::close(listen_fd_);
  ::close(stop_fd_);
}

std::string raw_ws_server::url(std::string_view path) const {
  return "ws://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

bool raw_ws_server::wait_served(std::size_t n, milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return served_ >= n; });
}

std::size_t raw_ws_server::served() const {
  std::lock_guard lock(mutex_);
  return served_;
}

void raw_ws_server::run() {
  for (;;) {
    if (!wait_readable(listen_fd_, stop_fd_, steady::time_point::max())) {
      return;  // stopping
    }
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      continue;
    }
    raw_connection c(fd, stop_fd_);
    if (c.read_request(milliseconds{10'000})) {
      script_(c);
    }
    ::close(fd);
    {
      std::lock_guard lock(mutex_);
      ++served_;
    }
    changed_.notify_all();
  }
}

}  // namespace wsclient::test
