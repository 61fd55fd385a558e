// wsclient::message_stream: the client awaited from a C++20 coroutine and through futures.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "demo_server_process.hpp"
#include "raw_ws_server.hpp"
#include "wsclient/asio.hpp"

namespace wsclient::test {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;

class MessageStream : public ::testing::Test {
 protected:
  demo_server_process server{{"--time-interval-ms", "20"}};
};

TEST_F(MessageStream, ACoroutineConnectsSendsAndReceives) {
  net::io_context io;
  std::vector<std::string> got;
  std::error_code connect_error = errc::not_connected;
  net::co_spawn(
      io,
      [&]() -> net::awaitable<void> {
        message_stream s(io.get_executor());
        connect_error = co_await s.async_connect(server.ws_url("/echo"), net::use_awaitable);
        s.get().send_text("one");
        s.get().send_binary(std::string_view("two"));
        for (int i = 0; i < 2; ++i) {
          auto [ec, m] = co_await s.async_receive(net::as_tuple(net::use_awaitable));
          got.push_back(ec ? "error: " + ec.message() : m.data);
        }
        s.get().close();
        auto [ec, m] = co_await s.async_receive(net::as_tuple(net::use_awaitable));
        got.push_back(ec == errc::not_connected ? "closed" : "unexpected: " + m.data);
      },
      net::detached);
  io.run_for(20s);
  EXPECT_FALSE(connect_error);
  EXPECT_EQ(got, (std::vector<std::string>{"one", "two", "closed"}));
}

// The idiom of Asio's own examples: the stream built from the coroutine's executor, straight
// from the co_await expression (this aborted with "free(): invalid size" once).
TEST_F(MessageStream, BuiltFromTheCoroutinesOwnExecutor) {
  net::io_context io;
  std::string got;
  net::co_spawn(
      io,
      [&]() -> net::awaitable<void> {
        message_stream s(co_await net::this_coro::executor);
        if (auto ec = co_await s.async_connect(server.ws_url("/echo"), net::use_awaitable)) {
          got = "connect: " + ec.message();
          co_return;
        }
        s.get().send_text("hi");
        auto [ec, m] = co_await s.async_receive(net::as_tuple(net::use_awaitable));
        got = ec ? "error: " + ec.message() : m.data;
      },
      net::detached);
  io.run_for(20s);
  EXPECT_EQ(got, "hi");
}

TEST_F(MessageStream, FuturesFromAnotherThread) {
  net::io_context io;
  auto guard = net::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  {
    message_stream s(io.get_executor());
    auto connected = s.async_connect(server.ws_url("/time"), net::use_future);
    ASSERT_EQ(connected.wait_for(10s), std::future_status::ready);
    EXPECT_FALSE(connected.get());
    for (int i = 0; i < 3; ++i) {
      auto next = s.async_receive(net::use_future);
      ASSERT_EQ(next.wait_for(10s), std::future_status::ready);
      // std::error_code is not Asio's error type: use_future hands back the whole tuple.
      auto [ec, m] = next.get();
      EXPECT_FALSE(ec);
      EXPECT_EQ(m.data.size(), 27U);  // 2026-11-25T17:29:00.123456Z
    }
  }
  guard.reset();
  runner.join();
}

TEST_F(MessageStream, ConnectReportsWhyTheClientStopped) {
  net::io_context io;
  message_stream s(io.get_executor());
  std::error_code bad_url;
  s.async_connect("http://not-websocket/", [&](std::error_code ec) { bad_url = ec; });
  std::error_code refused;
  client_options o;
  o.reconnect.enabled = false;
  message_stream t(io.get_executor(), o);
  // A port with nothing listening: the server's, after it has stopped.
  const auto url = server.ws_url("/echo");
  ASSERT_EQ(server.stop(), 0);
  t.async_connect(url, [&](std::error_code ec) { refused = ec; });
  io.run_for(10s);
  EXPECT_EQ(bad_url, errc::invalid_url);
  EXPECT_EQ(refused, errc::connect_failed);  // what ended it, not just "gave up"
}

// async_close: the close frame goes out, the server's answer completes it.
TEST_F(MessageStream, AsyncCloseCompletesWithTheClosingHandshake) {
  std::atomic<int> close_code_seen{0};
  raw_ws_server peer([&](raw_connection& c) {
    c.send(c.upgrade_response());
    while (const auto f = c.read_frame()) {
      if (f->opcode == 8) {
        close_code_seen = f->close_code();
        c.send(server_close_frame(1000));
        break;
      }
    }
  });
  net::io_context io;
  std::error_code connected = errc::not_connected;
  std::error_code closed = errc::not_connected;
  std::error_code after = {};
  net::co_spawn(
      io,
      [&]() -> net::awaitable<void> {
        message_stream s(co_await net::this_coro::executor);
        connected = co_await s.async_connect(peer.url(), net::use_awaitable);
        closed = co_await s.async_close(net::use_awaitable);
        auto [ec, m] = co_await s.async_receive(net::as_tuple(net::use_awaitable));
        after = ec;
      },
      net::detached);
  io.run_for(20s);
  EXPECT_FALSE(connected);
  EXPECT_FALSE(closed) << closed.message();
  EXPECT_EQ(close_code_seen, 1000);
  EXPECT_EQ(after, errc::not_connected);
}

// A server that never answers the close frame: async_close ends after close_timeout.
TEST_F(MessageStream, AsyncCloseIsBoundedByTheCloseTimeout) {
  raw_ws_server peer([&](raw_connection& c) {
    c.send(c.upgrade_response());
    c.wait_end_of_stream(10s);
  });
  client_options o;
  o.liveness.close_timeout = 100ms;
  net::io_context io;
  std::error_code closed;
  net::co_spawn(
      io,
      [&]() -> net::awaitable<void> {
        message_stream s(co_await net::this_coro::executor, o);
        if (!co_await s.async_connect(peer.url(), net::use_awaitable)) {
          closed = co_await s.async_close(4000, "bye", net::use_awaitable);
        }
      },
      net::detached);
  io.run_for(20s);
  EXPECT_EQ(closed, errc::close_timeout);
}

// async_close on a stream that never connected, and with an invalid code.
TEST_F(MessageStream, AsyncCloseWithoutAConnection) {
  net::io_context io;
  message_stream s(io.get_executor());
  std::error_code bad_code;
  std::error_code idle = errc::not_connected;
  s.async_close(1005, {}, [&](std::error_code ec) { bad_code = ec; });
  s.async_close([&](std::error_code ec) { idle = ec; });
  io.run_for(10s);
  EXPECT_EQ(bad_code, errc::invalid_close_code);
  EXPECT_FALSE(idle);
}

// A pending async_connect completes when the client stops for good: a fatal failure (403)
// at once, and the last failure when it gives up retrying.
TEST_F(MessageStream, PendingConnectCompletesWhenTheClientStops) {
  raw_ws_server forbidding(
      [](raw_connection& c) { c.send("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"); });
  net::io_context io;
  message_stream forbidden(io.get_executor());
  std::error_code fatal;
  forbidden.async_connect(forbidding.url(), [&](std::error_code ec) { fatal = ec; });
  client_options o;
  o.reconnect.max_attempts = 2;
  o.reconnect.initial_delay = 10ms;
  message_stream refused(io.get_executor(), o);
  const auto url = server.ws_url("/echo");
  ASSERT_EQ(server.stop(), 0);
  std::error_code gave_up;
  refused.async_connect(url, [&](std::error_code ec) { gave_up = ec; });
  io.run_for(10s);
  EXPECT_EQ(fatal, errc::handshake_rejected);
  EXPECT_EQ(gave_up, errc::connect_failed);
}

}  // namespace
}  // namespace wsclient::test
