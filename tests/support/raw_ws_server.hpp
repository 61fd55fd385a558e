// A WebSocket server that writes exact bytes, for tests of how the client handles what a broken
// or hostile server sends: the upgrade answer is whatever the test writes (a wrong accept key, an
// extension nobody offered, a 403 with an endless body...), and so is every frame after it. The
// frames the client sends back are read and unmasked, so that a test sees the wire.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace wsclient::test {

// Frame opcodes (RFC 6455 section 5.2).
constexpr int continuation_opcode = 0;
constexpr int text_opcode = 1;
constexpr int binary_opcode = 2;
constexpr int close_opcode = 8;
constexpr int ping_opcode = 9;
constexpr int pong_opcode = 10;

/// One frame as a client sent it, payload unmasked (RFC 6455 section 5.3).
struct client_frame {
  int opcode = 0;
  bool fin = false;
  bool masked = false;
  std::string payload;

  /// The status code of a close frame (RFC 6455 section 5.5.1); 1005 when it has none.
  int close_code() const;
};

/// Server frame bytes (unmasked): FIN as given, the RSV bits of rsv (0-7), the opcode.
std::string server_frame(int opcode, std::string_view payload, bool fin = true, int rsv = 0);
/// A close frame with this code (two bytes, network order) and reason.
std::string server_close_frame(std::uint16_t code, std::string_view reason = {});

/// The server side of one accepted connection, after the client's upgrade request was read.
/// @par Thread Safety  Used by the server's thread only (inside a script).
class raw_connection {
 public:
  using milliseconds = std::chrono::milliseconds;

  raw_connection(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}

  /// The upgrade request up to and including its blank line; empty when none arrived.
  const std::string& request() const { return request_; }
  /// The value of a request header (the first one of that name, case-insensitive); "" if none.
  std::string request_header(std::string_view name) const;
  /// A 101 answer with the right Sec-WebSocket-Accept for the request's key (RFC 6455 section
  /// 4.2.2), then extra_headers (whole lines, each ending in CRLF) and the blank line.
  std::string upgrade_response(std::string_view extra_headers = {}) const;

  /// Writes every byte; false when the client has gone.
  bool send(std::string_view bytes);
  /// The next frame the client sent; nullopt at end of stream or when none came in time.
  std::optional<client_frame> read_frame(milliseconds timeout = milliseconds{5'000});
  /// True when the client closed the TCP connection within timeout (what it sent meanwhile
  /// is read and dropped).
  bool wait_end_of_stream(milliseconds timeout = milliseconds{5'000});

  /// Makes the end of the connection (when the script returns) a reset (RST) instead of an
  /// orderly close (FIN): SO_LINGER with a zero timeout.
  void reset_at_end();

  /// Reads the request (up to the blank line); false when it did not come in time.
  bool read_request(milliseconds timeout);

 private:
  /// Reads what is there into in_, waiting at most until deadline; false at end of stream,
  /// on error, on timeout or when the server stops.
  bool read_more(std::chrono::steady_clock::time_point deadline);

  int fd_;
  int stop_fd_;
  std::string in_;
  std::string request_;
};

/// Listens on 127.0.0.1 on a port the OS chooses and serves one connection after another on
/// a thread of its own: reads the upgrade request, runs the script, closes the connection.
/// @par Thread Safety  Every member may be called from any thread; the script runs on the
/// server's thread.
class raw_ws_server {
 public:
  using script = std::function<void(raw_connection&)>;
  using milliseconds = std::chrono::milliseconds;

  explicit raw_ws_server(script s);
  /// Stops accepting, wakes a script that waits for the client, and joins the thread.
  ~raw_ws_server();
  raw_ws_server(const raw_ws_server&) = delete;
  raw_ws_server& operator=(const raw_ws_server&) = delete;

  std::uint16_t port() const { return port_; }
  /// ws://127.0.0.1:PORT + path.
  std::string url(std::string_view path = "/") const;

  /// Waits until n connections have been served (their script returned); false on timeout.
  bool wait_served(std::size_t n, milliseconds timeout = milliseconds{10'000});
  std::size_t served() const;

 private:
  void run();

  script script_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;  ///< an eventfd: readable once the server stops
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t served_ = 0;
  std::thread thread_;
};

}  // namespace wsclient::test
