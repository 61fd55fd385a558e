// Native only: run clients on an Asio executor the application owns, and use them with
// Asio completion tokens (callbacks, boost::asio::use_future, boost::asio::use_awaitable for
// C++20 coroutines). The rest of the API (wsclient/client.hpp) has no Asio types.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <memory>
#include <string>
#include <system_error>

#include "wsclient/client.hpp"

namespace wsclient {

/// A client whose events run on a strand of executor (e.g. io_context.get_executor())
/// instead of a thread of its own. The application keeps the executor's context running
/// while the client lives.
std::unique_ptr<client> make_client(boost::asio::any_io_executor executor,
                                    client_options options = {});

/// A client read like a stream: async_connect() completes at the first open, async_receive()
/// with each message in order, across reconnects.
///
///     wsclient::message_stream s(io.get_executor());
///     if (auto ec = co_await s.async_connect("ws://127.0.0.1:8080/echo", use_awaitable)) ...
///     s.get().send_text("hi");
///     auto [ec, m] = co_await s.async_receive(as_tuple(use_awaitable));
///
/// The stream owns the client's on_open, on_message, on_close and on_gave_up handlers; the
/// others (on_reconnecting, on_error, on_state_change, on_open_hook) stay the application's.
/// Completions are posted to the stream's executor.
/// @par Thread Safety  One async_connect and one async_receive outstanding at a time; they
/// may be started from any thread.
class message_stream {
 public:
  explicit message_stream(boost::asio::any_io_executor executor, client_options options = {});
  ~message_stream();
  message_stream(const message_stream&) = delete;
  message_stream& operator=(const message_stream&) = delete;

  client& get() noexcept { return *client_; }

  /// Signature void(std::error_code): empty once open; the connect() error, or why the client
  /// stopped before it ever opened (its gave_up reason).
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

 private:
  using connect_handler = boost::asio::any_completion_handler<void(std::error_code)>;
  using receive_handler = boost::asio::any_completion_handler<void(std::error_code, message)>;

  void start_connect(std::string url, connect_handler handler);
  void start_receive(receive_handler handler);

  struct state;
  std::shared_ptr<state> state_;
  std::unique_ptr<client> client_;
};

}  // namespace wsclient
