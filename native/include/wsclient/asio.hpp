// Native only: run clients on an Asio executor the application owns, and use them with
// Asio completion tokens (callbacks, boost::asio::use_future, boost::asio::use_awaitable for
// C++20 coroutines). The rest of the API (wsclient/client.hpp) has no Asio types.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "wsclient/client.hpp"

namespace wsclient {

/// A client whose events run on a strand of executor (e.g. io_context.get_executor())
/// instead of a thread of its own. The application keeps the executor's context running
/// while the client lives.
/// Two overloads rather than a default argument: see message_stream's constructors.
std::unique_ptr<client> make_client(boost::asio::any_io_executor executor);
std::unique_ptr<client> make_client(boost::asio::any_io_executor executor, client_options options);

/// A client read like a stream: async_connect() completes at the first open, async_receive()
/// with each message in order, across reconnects.
///
///     wsclient::message_stream s(co_await boost::asio::this_coro::executor);
///     if (auto ec = co_await s.async_connect("ws://127.0.0.1:8080/echo", use_awaitable)) ...
///     s.get().send_text("hi");
///     auto [ec, m] = co_await s.async_receive(as_tuple(use_awaitable));
///     co_await s.async_close(use_awaitable);
///
/// The stream owns the client's on_open, on_message, on_close and on_gave_up handlers; the
/// others (on_reconnecting, on_error, on_state_change, on_open_hook) stay the application's.
/// Completions are posted to the stream's executor.
/// @par Thread Safety  One async_connect, one async_receive and one async_close outstanding
/// at a time; they may be started from any thread.
class message_stream {
 public:
  // Two constructors, no default argument: g++ 12 miscompiles a temporary made in a
  // full-expression that also holds a co_await (it moves the object into the coroutine frame
  // bit by bit, so a std::string inside points into the frame and is freed from there). With
  // `client_options options = {}`, `message_stream s(co_await this_coro::executor);` made such
  // a temporary and aborted in free(). Passing a named client_options is safe; writing
  // `client_options{}` in that same expression is not.
  explicit message_stream(boost::asio::any_io_executor executor);
  message_stream(boost::asio::any_io_executor executor, client_options options);
  ~message_stream();
  message_stream(const message_stream&) = delete;
  message_stream& operator=(const message_stream&) = delete;

  client& get() noexcept { return *client_; }

  /// Signature void(std::error_code): empty once open; the connect() error, or why the client
  /// stopped for good before it opened (what ended its last attempt: a fatal failure, or the
  /// last one before it gave up).
  template <class Token>
  auto async_connect(std::string url, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [this](auto handler, std::string u) { start_connect(std::move(u), std::move(handler)); },
        token, std::move(url));
  }

  /// Signature void(std::error_code, message): the next message; once the client has stopped
  /// for good and every received message was taken, errc::not_connected.
  template <class Token>
  auto async_receive(Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code, message)>(
        [this](auto handler) { start_receive(std::move(handler)); }, token);
  }

  /// Signature void(std::error_code): closes for good with code and reason (client::close)
  /// and completes once closed: empty when the closing handshake completed (RFC 6455 section
  /// 7.1.2) or there was no connection to close; errc::close_timeout when the server did not
  /// answer within liveness.close_timeout (the link is then dropped); the close() error for an
  /// invalid code or reason. Messages received before the close can still be taken.
  template <class Token>
  auto async_close(Token&& token) {
    return async_close(1000, {}, std::forward<Token>(token));
  }
  template <class Token>
  auto async_close(std::uint16_t code, std::string reason, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [this](auto handler, std::uint16_t c, std::string r) {
          start_close(c, std::move(r), std::move(handler));
        },
        token, code, std::move(reason));
  }

 private:
  using status_handler = boost::asio::any_completion_handler<void(std::error_code)>;
  using receive_handler = boost::asio::any_completion_handler<void(std::error_code, message)>;

  void start_connect(std::string url, status_handler handler);
  void start_receive(receive_handler handler);
  void start_close(std::uint16_t code, std::string reason, status_handler handler);

  struct state;
  std::shared_ptr<state> state_;
  std::unique_ptr<client> client_;
};

}  // namespace wsclient
