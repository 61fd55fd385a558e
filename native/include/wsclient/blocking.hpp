// Native only: the client read and written by blocking calls, for programs and tests that
// want to pull messages rather than receive them in handlers.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <system_error>

#include "wsclient/client.hpp"

namespace wsclient {

/// A wsclient::client (its own I/O thread) behind blocking calls, each bounded by a timeout:
///
///     wsclient::blocking_client ws;
///     if (auto ec = ws.connect("ws://127.0.0.1:8765/", std::chrono::seconds(5))) ...
///     ws.send_text("Alice");
///     wsclient::message m;
///     if (!ws.receive(m, std::chrono::seconds(5))) std::cout << m.data << "\n";
///
/// It reconnects as the client does: receive() goes on delivering messages across
/// reconnects. The destructor closes cleanly (close()).
///
/// It owns the client's on_open, on_message, on_close and on_reconnecting handlers; the others
/// (on_error, on_gave_up, on_state_change, on_open_hook) stay the application's, through get().
/// @par Thread Safety  Every member may be called from any thread; receive() from one thread
/// at a time gets the messages in order.
class blocking_client {
 public:
  using milliseconds = std::chrono::milliseconds;

  blocking_client();
  explicit blocking_client(client_options options);
  /// close(): the closing handshake, bounded by liveness.close_timeout.
  ~blocking_client();
  blocking_client(const blocking_client&) = delete;
  blocking_client& operator=(const blocking_client&) = delete;

  /// Connects and returns once open (empty). Otherwise: at once the refusal of
  /// client::connect() (a bad URL, an option) or a failure that is not retried (HTTP 403, TLS
  /// verification...); when timeout passes first (the client retries meanwhile, as configured)
  /// the last failure (a refused port: errc::connect_failed), or errc::timed_out if no attempt
  /// has failed yet. A failed connect() leaves the client stopped, ready to connect() again;
  /// errc::already_started while a previous connect() is still live (close() it first).
  std::error_code connect(std::string_view url, milliseconds timeout);

  /// As client::send_text / send_binary: sent, queued (while not open) or refused.
  send_result send_text(std::string_view text);
  send_result send_binary(std::string_view bytes);

  /// The next message (in m). errc::timed_out when none came within timeout (the connection
  /// goes on); once the client has stopped for good and every message was taken, why it
  /// stopped (errc::closed_by_server, closed_by_user, the last failure before it gave up...);
  /// errc::not_connected before connect().
  std::error_code receive(message& m, milliseconds timeout);
  /// The same without a timeout: waits until a message comes or the client stops.
  std::error_code receive(message& m);

  /// Closes for good (client::close) and waits until closed: empty when the closing
  /// handshake completed or there was nothing to close; errc::close_timeout when the server
  /// did not answer within liveness.close_timeout; the close() error for an invalid code or
  /// reason. Messages received before can still be taken by receive().
  std::error_code close(std::uint16_t code = 1000, std::string_view reason = {});

  /// The client underneath (its state, stats, the handlers this class leaves alone...).
  client& get() noexcept { return *client_; }

 private:
  struct inbox;
  std::shared_ptr<inbox> inbox_;
  milliseconds close_timeout_;
  std::unique_ptr<client> client_;
};

}  // namespace wsclient
