// The native client recovering from every fault the demo server's test hooks inject, from
// a server killed and restarted, and from a half-open link.
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

class ClientReconnect : public ::testing::Test {
 protected:
  ClientReconnect() {
    opts.reconnect.initial_delay = 50ms;
    opts.reconnect.max_delay = 400ms;
    opts.reconnect.jitter_mode = jitter::none;
  }

  void start(const std::string& path = "/echo") {
    c = std::make_unique<client>(opts);
    rec.attach(*c);
    ASSERT_FALSE(c->connect(server->ws_url(path)));
    ASSERT_EQ(rec.wait_for("open").kind, "open");
  }

  void hook(const std::string& target) {
    const auto answer = peer.http("POST", server->http_url(target));
    ASSERT_EQ(answer.value("status", 0), 200) << answer.dump();
  }

  std::unique_ptr<demo_server_process> server =
      std::make_unique<demo_server_process>(std::vector<std::string>{"--test-hooks"});
  python_peer peer;
  client_options opts;
  client_recorder rec;
  std::unique_ptr<client> c;  // last: destroyed before the recorder it reports to
};

TEST_F(ClientReconnect, DropWithoutCloseFrameReconnectsAndDeliversWhatWasSentMeanwhile) {
  start();
  hook("/_test/drop");
  const auto closed = rec.wait_for("close");
  ASSERT_EQ(closed.kind, "close") << closed.data;
  EXPECT_EQ(closed.close.code, 1006);
  EXPECT_FALSE(closed.close.was_clean);
  EXPECT_TRUE(closed.close.will_reconnect);
  EXPECT_EQ(closed.close.error, errc::connection_lost);
  // Sent while down (queued, or sent on the new link if it is already up): all arrive.
  c->send_text("while down 1");
  c->send_text("while down 2");
  ASSERT_EQ(rec.wait_for("open", 2).kind, "open");
  ASSERT_EQ(rec.wait_for("text", 2).kind, "text");
  EXPECT_EQ(rec.texts(), (std::vector<std::string>{"while down 1", "while down 2"}));
  EXPECT_EQ(rec.count("reconnecting"), 1U);
}

TEST_F(ClientReconnect, ServiceRestartCloseCodeReconnects) {
  start();
  hook("/_test/close?code=1012&reason=restart");
  const auto closed = rec.wait_for("close");
  ASSERT_EQ(closed.kind, "close");
  EXPECT_EQ(closed.close.code, 1012);
  EXPECT_EQ(closed.close.reason, "restart");
  EXPECT_TRUE(closed.close.was_clean);
  EXPECT_TRUE(closed.close.will_reconnect);
  EXPECT_EQ(closed.close.reconnect_delay, rec.wait_for("reconnecting").reconnect.delay);
  ASSERT_EQ(rec.wait_for("open", 2).kind, "open");
}

TEST_F(ClientReconnect, FatalApplicationCloseCodeGivesUp) {
  start();
  c->on_close([](const close_info&) {});  // keep the recorder's close entry from start()
  rec.attach(*c);
  hook("/_test/close?code=4003&reason=forbidden");
  const auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.reason, errc::not_retryable);
  EXPECT_EQ(gave_up.gave_up.last_failure.close_code, 4003);
  EXPECT_EQ(c->state(), connection_state::closed);
}

TEST_F(ClientReconnect, Rejected503IsRetriedAfterRetryAfter) {
  start();
  hook("/_test/reject?count=1&status=503&retry_after=1");
  hook("/_test/drop");
  const auto retry = rec.wait_for("reconnecting", 2);
  ASSERT_EQ(retry.kind, "reconnecting") << retry.data;
  EXPECT_EQ(retry.reconnect.cause.http_status, 503);
  EXPECT_GE(retry.reconnect.delay, 1000ms);
  // The drop is the first failure reported to on_error, the refused attempt the second.
  EXPECT_EQ(rec.wait_for("error", 1).error, errc::connection_lost);
  const auto error = rec.wait_for("error", 2);
  EXPECT_EQ(error.error, errc::handshake_rejected);
  ASSERT_EQ(rec.wait_for("open", 2, 10s).kind, "open");
}

TEST_F(ClientReconnect, Rejected403GivesUpWithTheUnsentMessages) {
  start();
  hook("/_test/reject?count=5&status=403");
  hook("/_test/drop");
  ASSERT_EQ(rec.wait_for("close").kind, "close");
  c->send_text("never sent");
  const auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.http_status, 403);
  ASSERT_EQ(gave_up.gave_up.unsent.size(), 1U);
  EXPECT_EQ(gave_up.gave_up.unsent[0].data, "never sent");
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(c->send_text("refused").status, send_status::refused);
}

TEST_F(ClientReconnect, ServerKilledAndRestartedDeliversQueuedMessagesOnceInOrder) {
  start();
  const auto port = server->port();
  ASSERT_TRUE(server->process().send_signal(SIGKILL));
  ASSERT_TRUE(server->process().wait_exit(5s));
  ASSERT_EQ(rec.wait_for("close").kind, "close");
  for (int i = 0; i < 200; ++i) {
    EXPECT_NE(c->send_text("m" + std::to_string(i)).status, send_status::refused);
  }
  // The client keeps retrying (connection refused) until the server is back on its port.
  ASSERT_EQ(rec.wait_for("reconnecting", 2).kind, "reconnecting");
  server = std::make_unique<demo_server_process>(port, std::vector<std::string>{"--test-hooks"});
  ASSERT_EQ(rec.wait_for("open", 2).kind, "open");
  ASSERT_EQ(rec.wait_for("text", 200).kind, "text");
  const auto texts = rec.texts();
  ASSERT_EQ(texts.size(), 200U);
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(texts[static_cast<std::size_t>(i)], "m" + std::to_string(i));
  }
}

TEST_F(ClientReconnect, HalfOpenLinkIsDetectedByTheMissingPong) {
  opts.liveness.ping_interval = 200ms;
  opts.liveness.pong_timeout = 300ms;
  start();
  hook("/_test/stall?ms=3000");
  const auto closed = rec.wait_for("close");
  ASSERT_EQ(closed.kind, "close");
  EXPECT_EQ(closed.close.error, errc::pong_timeout);
  EXPECT_TRUE(closed.close.will_reconnect);
  ASSERT_EQ(rec.wait_for("open", 2).kind, "open");
}

TEST_F(ClientReconnect, CloseSticksAcrossServerFaults) {
  start();
  ASSERT_FALSE(c->close());
  ASSERT_EQ(rec.wait_for("close").kind, "close");
  hook("/_test/drop");
  // A fresh client proves the server is up and accepting while ours stays closed.
  client_recorder other_rec;
  client other(opts);
  other_rec.attach(other);
  ASSERT_FALSE(other.connect(server->ws_url("/echo")));
  ASSERT_EQ(other_rec.wait_for("open").kind, "open");
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(rec.count("open"), 1U);
  EXPECT_EQ(rec.count("reconnecting"), 0U);
}

}  // namespace
}  // namespace wsclient::test
