// wsclient::client: a WebSocket client that reconnects by itself, the same API natively and
// in the browser.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "wsclient/error.hpp"
#include "wsclient/events.hpp"
#include "wsclient/options.hpp"
#include "wsclient/url.hpp"

namespace wsclient {

namespace detail {
struct backend;
class client_access;
}  // namespace detail

/// A WebSocket client with automatic reconnect, backoff, an outbox and liveness checks.
///
/// Events: the on_* handlers run on the client's event context (natively the client's own
/// I/O thread, or the io_context given to it; in the browser the main thread), one at a time,
/// never while the client holds a lock, after the state they report has been applied. A
/// handler may call any member, including destroying the client.
///
/// @par Thread Safety  Every member may be called from any thread. Calls never block on the
/// network: they queue work for the event context and return.
/// @par Lifetime  No handler runs after close() has reported its close event, nor after the
/// destructor returns. The destructor never waits for the network. Without close() it drops
/// the connection (no closing handshake); after close() the closing handshake completes in
/// the background, on the client's I/O thread (or the executor given to it), within
/// liveness.close_timeout, and then the connection is dropped (natively, the process's exit
/// waits for such handshakes, each within its close_timeout). If a handler is running on another
/// thread the destructor waits for that handler to return, and it never joins the I/O thread from
/// inside that thread.
class client {
 public:
  explicit client(client_options options = {});
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  /// Starts connecting to url (ws:// or wss://) and keeps the connection up until close().
  /// Refused (nothing changes) when the URL is invalid (errc::invalid_url), when an option
  /// is not supported on this target (errc::unsupported), when an option can never work
  /// (errc::invalid_option: natively, a TLS CA file, certificate or key that does not load;
  /// the log says which file and why), or when the client is already started
  /// (errc::already_started: call close() first).
  /// After close() or giving up, connect() starts again with fresh counters.
  std::error_code connect(std::string_view url);

  /// Sends a text message (must be UTF-8). Sent now when open; queued in the outbox while
  /// connecting or waiting; refused when the outbox is full, the text is not UTF-8, or the
  /// client was closed.
  send_result send_text(std::string_view text);
  send_result send_text(std::string&& text);  ///< takes the buffer: no copy
  send_result send_text(const char* text) { return send_text(std::string_view(text)); }
  send_result send_binary(std::string_view bytes);
  send_result send_binary(std::span<const std::byte> bytes);
  send_result send_binary(std::string&& bytes);  ///< takes the buffer: no copy
  // No send_binary(const char*): binary data is not a C string (its length is not where the
  // first zero byte is), so a bare pointer or literal must say its size (string_view, span).

  /// Tracked sends, for messages that must not be lost (at least once): the message is kept
  /// under `id` until acknowledge(id), and after every reconnect all unacknowledged ones go out
  /// again in their original order, after the open hook's sends and before the outbox. The
  /// server must tell the application what arrived (an acknowledgement message naming the id)
  /// and may see a message twice (it should drop duplicates by id). Refused for an empty id or
  /// one still pending (errc::invalid_tracking_id), or over client_options::tracking's limits.
  /// While not open the message waits with the tracked ones (queued), not in the outbox.
  send_result send_tracked_text(std::string_view id, std::string_view text);
  send_result send_tracked_binary(std::string_view id, std::string_view bytes);
  /// The server acknowledged the tracked message `id`: it is forgotten. Call it from the
  /// message handler. False when no tracked message with that id is pending.
  bool acknowledge(std::string_view id);

  /// Closes for good with code (1000 or 3000-4999) and reason (at most 123 bytes of UTF-8):
  /// no reconnect follows, queued messages are discarded. Refused (nothing changes) for an
  /// invalid code or reason.
  std::error_code close(std::uint16_t code = 1000, std::string_view reason = {});

  /// The application says the connection works (e.g. it authenticated): the backoff resets
  /// now rather than after reconnect_options::stable_after.
  void mark_healthy();

  connection_state state() const noexcept;
  /// Bytes accepted by send_* and not yet written to the network (outbox included).
  std::size_t buffered_amount() const noexcept;
  client_stats stats() const;

  /// What this target supports.
  static wsclient::capabilities capabilities() noexcept;
  /// Checks options against this target: errc::unsupported (and why) when an option set
  /// cannot be honoured here, e.g. custom headers in a browser. connect() does the same.
  static std::error_code check_options(const client_options& options, std::string* why = nullptr);

  // Handlers. Set them before connect(); setting one replaces the previous one.
  void on_open(std::function<void(const open_info&)> handler);
  void on_message(std::function<void(const message_view&)> handler);
  void on_close(std::function<void(const close_info&)> handler);
  /// Every failure, with a line saying what happened: a failed attempt; an open connection
  /// that ended without a completed closing handshake (lost, timed out, a protocol violation);
  /// a queued message dropped or expired. A connection the server closed cleanly is reported
  /// by on_close only. Called before the close or reconnecting event of the same failure.
  void on_error(std::function<void(std::error_code, std::string_view detail)> handler);
  void on_reconnecting(std::function<void(const reconnect_info&)> handler);
  void on_gave_up(std::function<void(const gave_up_info&)> handler);
  void on_state_change(std::function<void(connection_state)> handler);
  /// Backpressure: buffered_amount() fell to client_options::low_water_mark or below as the
  /// network took the bytes, after having been above it. Send more from here.
  void on_drain(std::function<void()> handler);
  /// Runs right after each open, before on_open and before the outbox is flushed: messages
  /// sent from it (authentication, subscriptions) go out first.
  void on_open_hook(std::function<void(client&)> hook);

 private:
  friend class detail::client_access;
  client(client_options options, detail::backend backend);

  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace wsclient
