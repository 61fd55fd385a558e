// A plain TCP connection to 127.0.0.1 from the test process itself, for tests that must send
// exact bytes at exact moments (several WebSocket frames in one write, connections held open
// to use up a server's file descriptors).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace wsclient::test {

/// @par Thread Safety  Not thread-safe; use from one thread.
class tcp_client {
 public:
  using milliseconds = std::chrono::milliseconds;

  /// Connects to 127.0.0.1:port; throws std::runtime_error when that fails within timeout.
  explicit tcp_client(std::uint16_t port, milliseconds timeout = milliseconds{5'000});
  ~tcp_client();
  tcp_client(const tcp_client&) = delete;
  tcp_client& operator=(const tcp_client&) = delete;

  /// Writes all of bytes with one send() (when the socket buffer has room, one TCP segment on
  /// loopback). False when the connection failed or timeout passed first.
  bool write(std::string_view bytes, milliseconds timeout = milliseconds{5'000});

  /// Reads until done(everything received so far) is true, the peer closes, or timeout;
  /// returns everything received so far (kept across calls).
  const std::string& read_until(const std::function<bool(std::string_view)>& done,
                                milliseconds timeout = milliseconds{5'000});

  /// Everything received so far.
  const std::string& received() const { return received_; }

  /// The peer closed (or reset) the connection.
  bool eof() const { return eof_; }

  /// Closes the socket now.
  void close();

 private:
  int fd_ = -1;
  std::string received_;
  bool eof_ = false;
};

}  // namespace wsclient::test
