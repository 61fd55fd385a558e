// How the library's events become stderr lines and exit statuses.
#include "event_report.hpp"

#include <gtest/gtest.h>

#include "wsclient/error.hpp"

namespace wsclient::cli {
namespace {

using namespace std::chrono_literals;

TEST(EventReport, CodeAndReason) {
  EXPECT_EQ(code_and_reason(1006, ""), "1006");
  EXPECT_EQ(code_and_reason(1012, "restart"), "1012 restart");
}

TEST(EventReport, OpenedLine) {
  open_info info;
  info.url = "ws://127.0.0.1:8080/echo";
  EXPECT_EQ(opened_line(info), "connected to ws://127.0.0.1:8080/echo");
  info.subprotocol = "chat";
  EXPECT_EQ(opened_line(info), "connected to ws://127.0.0.1:8080/echo (subprotocol chat)");
}

TEST(EventReport, ReconnectingAfterAnOpenConnectionClosed) {
  reconnect_info info;
  info.attempt = 2;
  info.delay = 50ms;
  close_info closed;
  closed.code = 1012;
  closed.reason = "restart";
  closed.will_reconnect = true;
  EXPECT_EQ(reconnecting_line(info, &closed, ""),
            "connection closed (1012 restart), reconnecting in 50 ms (attempt 2)");
  closed.code = 1006;
  closed.reason.clear();
  EXPECT_EQ(reconnecting_line(info, &closed, ""),
            "connection closed (1006), reconnecting in 50 ms (attempt 2)");
}

TEST(EventReport, ReconnectingAfterAFailedAttempt) {
  reconnect_info info;
  info.attempt = 3;
  info.delay = 1000ms;
  info.cause.error = errc::connect_failed;
  EXPECT_EQ(reconnecting_line(info, nullptr, "TCP connect failed: Connection refused"),
            "connection failed (TCP connect failed: Connection refused), reconnecting in 1000 ms "
            "(attempt 3)");
  info.cause.error = errc::handshake_rejected;
  info.cause.http_status = 503;
  EXPECT_EQ(reconnecting_line(info, nullptr, "server rejected the WebSocket upgrade: HTTP 503"),
            "connection failed (server rejected the WebSocket upgrade (HTTP 503)), reconnecting "
            "in 1000 ms (attempt 3)");
}

TEST(EventReport, DescribeFailurePrefersTheErrorEventsDetail) {
  failure f;
  f.error = errc::tls_verification_failed;
  EXPECT_EQ(describe_failure(f), "TLS certificate verification failed");
  EXPECT_EQ(describe_failure(f, "TLS certificate verification failed: self-signed certificate"),
            "TLS certificate verification failed: self-signed certificate");
  failure lost;
  lost.error = errc::connection_lost;
  lost.close_code = 1006;
  EXPECT_EQ(describe_failure(lost), "connection lost without a closing handshake (close 1006)");
  failure app;
  app.error = errc::closed_by_server;
  app.close_code = 4003;
  app.close_reason = "forbidden";
  EXPECT_EQ(describe_failure(app), "server closed the connection (close 4003 forbidden)");
}

TEST(EventReport, CloseWeAskedForEndsWithZero) {
  close_info info;
  info.code = 1000;
  info.was_clean = true;
  info.error = errc::closed_by_user;
  EXPECT_EQ(outcome_of_close(info), (outcome{exit_status::ok, "connection closed (1000)"}));
}

TEST(EventReport, CloseHandshakeTimeoutIsFatal) {
  close_info info;
  info.code = 1006;
  info.error = errc::close_timeout;
  const auto o = outcome_of_close(info);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->status, exit_status::fatal);
}

TEST(EventReport, ClosesThatReconnectOrGiveUpDoNotDecide) {
  close_info again;
  again.code = 1006;
  again.error = errc::connection_lost;
  again.will_reconnect = true;
  EXPECT_FALSE(outcome_of_close(again));
  close_info gave_up;
  gave_up.code = 1000;
  gave_up.error = errc::not_retryable;  // what the library reports when it gives up
  EXPECT_FALSE(outcome_of_close(gave_up));
}

TEST(EventReport, ServerNormalCloseIsACleanEnd) {
  gave_up_info info;
  info.reason = errc::not_retryable;
  info.attempts = 1;
  info.last_failure.error = errc::closed_by_server;
  info.last_failure.close_code = 1000;
  info.last_failure.close_reason = "bye";
  EXPECT_EQ(outcome_of_gave_up(info, ""),
            (outcome{exit_status::ok, "connection closed by the server (1000 bye)"}));
  info.reason = errc::gave_up;  // --no-reconnect
  EXPECT_EQ(outcome_of_gave_up(info, "").status, exit_status::ok);
}

TEST(EventReport, RejectedUpgradeIsFatalWithItsStatus) {
  gave_up_info info;
  info.reason = errc::not_retryable;
  info.attempts = 1;
  info.last_failure.error = errc::handshake_rejected;
  info.last_failure.http_status = 403;
  EXPECT_EQ(outcome_of_gave_up(info, "server rejected the WebSocket upgrade: HTTP 403 (HTTP 403)"),
            (outcome{exit_status::fatal,
                     "wsclient-cli: gave up after 1 attempt(s): server rejected the WebSocket "
                     "upgrade (HTTP 403)"}));
}

TEST(EventReport, OtherEndsAreFatalWithTheirCause) {
  gave_up_info info;
  info.reason = errc::gave_up;
  info.attempts = 4;
  info.last_failure.error = errc::connect_failed;
  EXPECT_EQ(outcome_of_gave_up(info, "TCP connect failed: Connection refused"),
            (outcome{exit_status::fatal,
                     "wsclient-cli: gave up after 4 attempt(s): TCP connect failed: Connection "
                     "refused"}));
  info.last_failure.error = errc::closed_by_server;
  info.last_failure.close_code = 4003;
  EXPECT_EQ(outcome_of_gave_up(info, "").line,
            "wsclient-cli: gave up after 4 attempt(s): server closed the connection (close 4003)");
}

// What was given to the client and never went out (an echo, a line of stdin) is reported when
// the client stops, not dropped in silence.
TEST(EventReport, MessagesThatWereNeverSentAreCounted) {
  gave_up_info info;
  info.reason = errc::not_retryable;
  info.attempts = 1;
  info.last_failure.error = errc::handshake_rejected;
  info.last_failure.http_status = 403;
  info.unsent = {message{message_kind::text, "a"}, message{message_kind::binary, "b"}};
  EXPECT_EQ(outcome_of_gave_up(info, "").line,
            "wsclient-cli: gave up after 1 attempt(s): server rejected the WebSocket upgrade "
            "(HTTP 403); 2 message(s) not sent");
  info.last_failure.error = errc::closed_by_server;
  info.last_failure.http_status = 0;
  info.last_failure.close_code = 1000;
  info.unsent.pop_back();
  EXPECT_EQ(
      outcome_of_gave_up(info, ""),
      (outcome{exit_status::ok, "connection closed by the server (1000); 1 message(s) not sent"}));
}

}  // namespace
}  // namespace wsclient::cli
