// wsclient::message_stream: the client awaited from a C++20 coroutine and through futures.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "demo_server_process.hpp"
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

}  // namespace
}  // namespace wsclient::test
