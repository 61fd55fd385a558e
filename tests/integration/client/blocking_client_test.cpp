// wsclient::blocking_client: connect, send, receive and close as blocking calls with timeouts,
// against the demo server and servers that refuse, stay silent or watch the close frame.
#include "wsclient/blocking.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "demo_server_process.hpp"
#include "raw_ws_server.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

/// Options that retry fast, so that a test does not wait for the default backoff.
client_options fast_retries() {
  client_options o;
  o.reconnect.initial_delay = 20ms;
  o.reconnect.max_delay = 50ms;
  o.reconnect.jitter_mode = jitter::none;
  return o;
}

/// A server that answers the upgrade and records the close code of the client's close frame
/// (0 until one came), answering it as RFC 6455 section 5.5.1 says.
struct close_watcher {
  std::atomic<int> code{0};
  raw_ws_server server{[this](raw_connection& c) {
    c.send(c.upgrade_response());
    while (const auto f = c.read_frame(10s)) {
      if (f->opcode == close_opcode) {
        code = f->close_code();
        c.send(server_close_frame(1000));
        return;
      }
    }
  }};
};

TEST(BlockingClient, ConnectSendReceiveClose) {
  demo_server_process server;
  blocking_client ws;
  ASSERT_FALSE(ws.connect(server.ws_url("/echo"), 5s));
  EXPECT_EQ(ws.get().state(), connection_state::open);
  EXPECT_TRUE(ws.send_text("Alice"));
  EXPECT_TRUE(ws.send_binary(std::string_view("\0\1", 2)));
  message m;
  ASSERT_FALSE(ws.receive(m, 5s));
  EXPECT_EQ(m.kind, message_kind::text);
  EXPECT_EQ(m.data, "Alice");
  ASSERT_FALSE(ws.receive(m));
  EXPECT_EQ(m.kind, message_kind::binary);
  EXPECT_EQ(m.data, std::string("\0\1", 2));
  EXPECT_FALSE(ws.close());
  EXPECT_EQ(ws.receive(m, 5s), errc::closed_by_user);
  EXPECT_EQ(ws.get().state(), connection_state::closed);
}

TEST(BlockingClient, ReceiveBeforeConnectIsNotConnected) {
  blocking_client ws;
  message m;
  EXPECT_EQ(ws.receive(m, 1s), errc::not_connected);
  EXPECT_FALSE(ws.close());
}

TEST(BlockingClient, ARefusedPortReturnsTheLastFailureWithinTheTimeout) {
  std::string url;
  {
    demo_server_process gone;
    url = gone.ws_url("/echo");
    ASSERT_EQ(gone.stop(), 0);
  }
  blocking_client ws(fast_retries());
  const auto started = steady::now();
  EXPECT_EQ(ws.connect(url, 300ms), errc::connect_failed);
  const auto took = steady::now() - started;
  EXPECT_GE(took, 300ms);  // it kept retrying
  EXPECT_LT(took, 3s);
  EXPECT_GE(ws.get().stats().attempts, 2U);
  EXPECT_EQ(ws.get().state(), connection_state::closed);
  // Stopped, not stuck: the next connect() tries again.
  EXPECT_EQ(ws.connect(url, 100ms), errc::connect_failed);
}

TEST(BlockingClient, NoFailureYetIsTimedOut) {
  // A server that accepts and never answers the upgrade: the attempt is still running.
  raw_ws_server silent([](raw_connection& c) { c.wait_end_of_stream(10s); });
  blocking_client ws;
  const auto ec = ws.connect(silent.url(), 200ms);
  EXPECT_EQ(ec, errc::timed_out);
  EXPECT_EQ(ec, condition::timeout);
}

TEST(BlockingClient, FatalFailuresReturnAtOnce) {
  blocking_client ws;
  EXPECT_EQ(ws.connect("http://127.0.0.1/", 10s), errc::invalid_url);
  raw_ws_server forbidding(
      [](raw_connection& c) { c.send("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"); });
  const auto started = steady::now();
  EXPECT_EQ(ws.connect(forbidding.url(), 30s), errc::handshake_rejected);
  EXPECT_LT(steady::now() - started, 10s);  // not the timeout
  // And not retried. (The server counts a connection once its script has returned, which may
  // be after the client read the 403: wait for that, then count the client's attempts.)
  EXPECT_TRUE(forbidding.wait_served(1));
  EXPECT_EQ(ws.get().stats().attempts, 1U);
}

TEST(BlockingClient, ReceiveTimesOutAndTheConnectionGoesOn) {
  demo_server_process server;
  blocking_client ws;
  ASSERT_FALSE(ws.connect(server.ws_url("/echo"), 5s));
  message m;
  const auto ec = ws.receive(m, 50ms);
  EXPECT_EQ(ec, errc::timed_out);
  EXPECT_EQ(ec, condition::timeout);
  ws.send_text("still here");
  ASSERT_FALSE(ws.receive(m, 5s));
  EXPECT_EQ(m.data, "still here");
}

TEST(BlockingClient, MessagesKeepComingAcrossAServerRestart) {
  auto server = std::make_unique<demo_server_process>();
  const auto port = server->port();
  blocking_client ws(fast_retries());
  ASSERT_FALSE(ws.connect(server->ws_url("/echo"), 5s));
  ws.send_text("before");
  message m;
  ASSERT_FALSE(ws.receive(m, 5s));
  EXPECT_EQ(m.data, "before");
  ASSERT_EQ(server->stop(), 0);  // closes with 1001 going away: retried
  server = std::make_unique<demo_server_process>(port, std::vector<std::string>{});
  ws.send_text("after");  // queued until the reconnect, or sent on the new connection
  ASSERT_FALSE(ws.receive(m, 10s));
  EXPECT_EQ(m.data, "after");
  EXPECT_GE(ws.get().stats().connects, 2U);
}

TEST(BlockingClient, TheDestructorSendsACloseFrame) {
  close_watcher watcher;
  {
    blocking_client ws;
    ASSERT_FALSE(ws.connect(watcher.server.url(), 5s));
  }
  ASSERT_TRUE(watcher.server.wait_served(1));
  EXPECT_EQ(watcher.code, 1000);
}

TEST(BlockingClient, CloseWaitsForTheHandshakeWithinTheCloseTimeout) {
  raw_ws_server deaf([](raw_connection& c) {
    c.send(c.upgrade_response());
    c.wait_end_of_stream(10s);
  });
  client_options o;
  o.liveness.close_timeout = 100ms;
  blocking_client ws(o);
  ASSERT_FALSE(ws.connect(deaf.url(), 5s));
  EXPECT_EQ(ws.close(4000, "bye"), errc::close_timeout);
  EXPECT_FALSE(ws.close());  // closed already: nothing to do
}

}  // namespace
}  // namespace wsclient::test
