// The keep-alive deadlines on a virtual clock: when pings, heartbeats and the verdicts
// "half-open" fall due, and what counts as a sign of life.
#include "liveness.hpp"

#include <gtest/gtest.h>

namespace wsclient::detail {
namespace {

using namespace std::chrono_literals;

class Liveness : public ::testing::Test {
 protected:
  liveness_options options;
  liveness::time_point t0{std::chrono::hours(1)};

  milliseconds next_in(const liveness& l, liveness::time_point now) const {
    return std::chrono::duration_cast<milliseconds>(*l.next_deadline() - now);
  }
};

TEST_F(Liveness, PingsEveryIntervalWhileThePeerAnswers) {
  options.ping_interval = 1000ms;
  options.pong_timeout = 500ms;
  liveness l(options, true);
  l.opened(t0);
  EXPECT_EQ(next_in(l, t0), 1000ms);
  EXPECT_TRUE(l.poll(t0 + 1000ms).ping);
  EXPECT_EQ(next_in(l, t0 + 1000ms), 500ms);  // the pong deadline
  l.inbound(t0 + 1100ms);
  const auto quiet = l.poll(t0 + 1500ms);
  EXPECT_FALSE(quiet.ping);
  EXPECT_FALSE(quiet.dead);
  EXPECT_TRUE(l.poll(t0 + 2000ms).ping);
}

TEST_F(Liveness, NoAnswerByThePongTimeoutIsAHalfOpenConnection) {
  options.ping_interval = 1000ms;
  options.pong_timeout = 500ms;
  liveness l(options, true);
  l.opened(t0);
  ASSERT_TRUE(l.poll(t0 + 1000ms).ping);
  EXPECT_FALSE(l.poll(t0 + 1499ms).dead);
  EXPECT_EQ(l.poll(t0 + 1500ms).dead, errc::pong_timeout);
}

TEST_F(Liveness, OnlyOnePingIsInFlightWhenThePongTimeoutIsLongerThanTheInterval) {
  options.ping_interval = 1000ms;
  options.pong_timeout = 2500ms;
  liveness l(options, true);
  l.opened(t0);
  EXPECT_TRUE(l.poll(t0 + 1000ms).ping);
  EXPECT_FALSE(l.poll(t0 + 2000ms).ping);
  EXPECT_FALSE(l.poll(t0 + 3000ms).ping);
  EXPECT_EQ(l.poll(t0 + 3500ms).dead, errc::pong_timeout);
}

TEST_F(Liveness, AnUnsetIntervalPingsAtTheDefaultWhereTheTargetCanPing) {
  liveness l(options, true);
  l.opened(t0);
  EXPECT_EQ(next_in(l, t0), default_ping_interval);
}

TEST_F(Liveness, NothingIsWatchedWhereTheTargetCannotPingAndNothingElseIsSet) {
  liveness l(options, false);
  l.opened(t0);
  EXPECT_FALSE(l.next_deadline());
}

TEST_F(Liveness, AZeroIntervalTurnsPingsOff) {
  options.ping_interval = 0ms;
  liveness l(options, true);
  l.opened(t0);
  EXPECT_FALSE(l.next_deadline());
}

TEST_F(Liveness, HeartbeatsFallDueEveryInterval) {
  options.ping_interval = 0ms;
  options.heartbeat_interval = 300ms;
  liveness l(options, false);
  l.opened(t0);
  EXPECT_FALSE(l.poll(t0 + 299ms).heartbeat);
  EXPECT_TRUE(l.poll(t0 + 300ms).heartbeat);
  EXPECT_EQ(next_in(l, t0 + 300ms), 300ms);
  EXPECT_TRUE(l.poll(t0 + 600ms).heartbeat);
}

TEST_F(Liveness, SilenceLongerThanTheTimeoutIsAHalfOpenConnection) {
  options.ping_interval = 0ms;
  options.silence_timeout = 2500ms;
  liveness l(options, false);
  l.opened(t0);
  l.inbound(t0 + 1000ms);
  EXPECT_EQ(next_in(l, t0 + 1000ms), 2500ms);
  EXPECT_FALSE(l.poll(t0 + 3499ms).dead);
  EXPECT_EQ(l.poll(t0 + 3500ms).dead, errc::silence_timeout);
}

TEST_F(Liveness, OpeningAgainStartsEveryClockAfresh) {
  options.ping_interval = 1000ms;
  options.pong_timeout = 500ms;
  liveness l(options, true);
  l.opened(t0);
  ASSERT_TRUE(l.poll(t0 + 1000ms).ping);
  l.opened(t0 + 10s);  // the next connection: the unanswered ping is forgotten
  EXPECT_FALSE(l.poll(t0 + 10s + 999ms).dead);
  EXPECT_EQ(next_in(l, t0 + 10s), 1000ms);
}

}  // namespace
}  // namespace wsclient::detail
