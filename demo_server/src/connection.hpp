// What an endpoint (echo, time, counter) sees of one WebSocket connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace wsclient::demo {

/// A message body shared, unchanged, by every connection it is sent to (one buffer per
/// broadcast, not one per receiver).
using shared_payload = std::shared_ptr<const std::string>;

inline shared_payload make_payload(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

/// One accepted WebSocket connection.
/// @par Thread Safety  Every member may be called from any thread; sends and closes are
/// queued to the connection's own strand and happen in the order they were called.
class connection {
 public:
  virtual ~connection() = default;

  /// A number unique within the server process, for logs.
  virtual std::uint64_t id() const = 0;

  /// Queues a text (is_text) or binary message. If the queue of unsent bytes would exceed the
  /// server's per-connection limit, the connection is closed (slow reader) instead.
  virtual void send(shared_payload payload, bool is_text) = 0;

  /// Starts the closing handshake (RFC 6455 section 7.1.2) with this code and reason.
  virtual void close(std::uint16_t code, std::string reason) = 0;

  /// Drops the TCP connection without a close frame (a test hook: simulates a dead network).
  virtual void drop() = 0;

  /// Runs fn on the connection's strand after delay, unless the connection ends first.
  /// One timer per connection: a new call replaces the pending one.
  virtual void run_after(std::chrono::milliseconds delay, std::function<void()> fn) = 0;
};

/// The per-connection behaviour behind one WebSocket route. Called on the connection's strand.
class endpoint {
 public:
  virtual ~endpoint() = default;
  virtual void on_open(const std::shared_ptr<connection>& conn) = 0;
  virtual void on_message(connection& conn, std::string_view data, bool is_text) = 0;
  /// Called once when the connection has ended, however it ended.
  virtual void on_close(connection& conn) = 0;
};

}  // namespace wsclient::demo
