// The reconnect decision as a table of cases (inputs -> "retry after D" or "give up because
// R"), then the series a policy keeps: attempts, the outage clock and the stable-uptime reset.
#include "reconnect_policy.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace wsclient::detail {
namespace {

using namespace std::chrono_literals;

struct retry_case {
  const char* name;
  reconnect_options options;
  retry_inputs in;
  retry_verdict expected;
};

[[maybe_unused]] void PrintTo(const retry_case& c, std::ostream* os) {
  *os << c.name;
}

reconnect_options limits(std::uint32_t max_attempts = 0, milliseconds max_elapsed = 0ms,
                         bool enabled = true) {
  reconnect_options o;
  o.max_attempts = max_attempts;
  o.max_elapsed = max_elapsed;
  o.enabled = enabled;
  return o;
}

reconnect_options cap_retry_after(milliseconds cap) {
  reconnect_options o;
  o.max_retry_after = cap;
  return o;
}

retry_inputs failure_number(std::uint32_t failures, milliseconds backoff, bool retry = true,
                            std::optional<milliseconds> min_delay = {},
                            milliseconds elapsed = 0ms) {
  retry_inputs in;
  in.classified = retry_decision{retry, min_delay};
  in.failures = failures;
  in.backoff = backoff;
  in.elapsed = elapsed;
  return in;
}

retry_verdict retry_after(milliseconds d) {
  return {true, d, errc::gave_up};
}

retry_verdict give_up_because(errc why) {
  return {false, 0ms, why};
}

class RetryDecision : public ::testing::TestWithParam<retry_case> {};

TEST_P(RetryDecision, FollowsTheRules) {
  const auto& c = GetParam();
  const auto got = decide_retry(c.options, c.in);
  EXPECT_EQ(got.retry, c.expected.retry);
  if (c.expected.retry) {
    EXPECT_EQ(got.delay, c.expected.delay);
  } else {
    EXPECT_EQ(got.give_up_reason, c.expected.give_up_reason);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, RetryDecision,
    ::testing::Values(
        retry_case{"ARetryableFailureWaitsTheBackoffDelay", limits(), failure_number(1, 100ms),
                   retry_after(100ms)},
        retry_case{"RetryAfterLongerThanTheBackoffWins", limits(),
                   failure_number(1, 100ms, true, 3000ms), retry_after(3000ms)},
        retry_case{"ABackoffLongerThanRetryAfterWins", limits(),
                   failure_number(5, 1600ms, true, 500ms), retry_after(1600ms)},
        retry_case{"APermanentFailureIsNotRetried", limits(), failure_number(1, 100ms, false),
                   give_up_because(errc::not_retryable)},
        retry_case{"DisabledReconnectGivesUpEvenOnAPermanentFailure", limits(0, 0ms, false),
                   failure_number(1, 100ms, false), give_up_because(errc::gave_up)},
        retry_case{"DisabledReconnectGivesUpOnARetryableFailure", limits(0, 0ms, false),
                   failure_number(1, 100ms), give_up_because(errc::gave_up)},
        retry_case{"TheLastAllowedRetryIsMade", limits(3), failure_number(3, 400ms),
                   retry_after(400ms)},
        retry_case{"OneFailureBeyondMaxAttemptsGivesUp", limits(3), failure_number(4, 800ms),
                   give_up_because(errc::gave_up)},
        retry_case{"NoAttemptLimitRetriesForever", limits(0), failure_number(1'000'000, 30s),
                   retry_after(30s)},
        retry_case{"ARetryEndingExactlyAtMaxElapsedIsMade", limits(0, 1000ms),
                   failure_number(3, 300ms, true, {}, 700ms), retry_after(300ms)},
        retry_case{"ARetryEndingAfterMaxElapsedGivesUp", limits(0, 1000ms),
                   failure_number(4, 800ms, true, {}, 700ms), give_up_because(errc::gave_up)},
        retry_case{"ARetryAfterBeyondMaxElapsedGivesUpAtOnceAndSaysSo", limits(0, 1000ms),
                   failure_number(1, 100ms, true, 5000ms),
                   give_up_because(errc::retry_after_too_long)},
        retry_case{"ARetryAfterBeyondWhatIsLeftOfMaxElapsedGivesUp", limits(0, 60min),
                   failure_number(3, 400ms, true, 10min, 55min),
                   give_up_because(errc::retry_after_too_long)},
        retry_case{"ARetryAfterBeyondMaxRetryAfterIsCapped", limits(),
                   failure_number(1, 100ms, true, 100'000'000s), retry_after(5min)},
        retry_case{"ACappedRetryAfterWithinMaxElapsedIsWaited", limits(0, 2h),
                   failure_number(1, 100ms, true, 1h), retry_after(5min)},
        retry_case{"MaxRetryAfterIsAnOption", cap_retry_after(10s),
                   failure_number(1, 100ms, true, 30s), retry_after(10s)},
        retry_case{"APermanentFailureIsNotRetriedWithinTheLimits", limits(10, 10s),
                   failure_number(1, 100ms, false), give_up_because(errc::not_retryable)}),
    [](const ::testing::TestParamInfo<retry_case>& param_info) {
      return std::string(param_info.param.name);
    });

class ReconnectPolicy : public ::testing::Test {
 protected:
  ReconnectPolicy() {
    options.initial_delay = 100ms;
    options.max_delay = 1000ms;
    options.jitter_mode = jitter::none;
    options.stable_after = 5000ms;
  }

  const retry_decision retryable{true, std::nullopt};
  reconnect_options options;
  reconnect_policy::time_point t0{std::chrono::hours(1)};
};

TEST_F(ReconnectPolicy, DelaysGrowWithEachFailureOfAnOutage) {
  reconnect_policy p(options);
  std::vector<long> delays;
  for (int i = 0; i < 5; ++i) {
    p.begin_attempt();
    delays.push_back(static_cast<long>(p.after_failure(retryable, t0, std::nullopt).delay.count()));
  }
  EXPECT_EQ(delays, (std::vector<long>{100, 200, 400, 800, 1000}));
  EXPECT_EQ(p.attempts(), 5U);
}

TEST_F(ReconnectPolicy, AConnectionThatStayedUpLongEnoughStartsANewSeries) {
  reconnect_policy p(options);
  p.begin_attempt();
  p.after_failure(retryable, t0, std::nullopt);
  p.begin_attempt();
  const auto opened = t0 + 100ms;
  const auto v = p.after_failure(retryable, opened + options.stable_after, opened);
  EXPECT_EQ(v.delay, 100ms);
  // The connection that proved stable is the first attempt of the new series: a give-up now
  // is "after 1 attempt", and the next attempt is number 2, as after any first failure.
  EXPECT_EQ(p.attempts(), 1U);
}

TEST_F(ReconnectPolicy, AConnectionThatDroppedTooSoonContinuesTheSeries) {
  reconnect_policy p(options);
  p.begin_attempt();
  p.after_failure(retryable, t0, std::nullopt);
  p.begin_attempt();
  const auto opened = t0 + 100ms;
  const auto v = p.after_failure(retryable, opened + options.stable_after - 1ms, opened);
  EXPECT_EQ(v.delay, 200ms);
  EXPECT_EQ(p.attempts(), 2U);
}

TEST_F(ReconnectPolicy, WithNoStablePeriodEveryOpenConnectionStartsANewSeries) {
  options.stable_after = 0ms;
  reconnect_policy p(options);
  p.after_failure(retryable, t0, std::nullopt);
  EXPECT_EQ(p.after_failure(retryable, t0, t0).delay, 100ms);
}

TEST_F(ReconnectPolicy, TheOutageClockStartsAtItsFirstFailure) {
  options.max_elapsed = 1000ms;
  reconnect_policy p(options);
  EXPECT_TRUE(p.after_failure(retryable, t0, std::nullopt).retry);          // +100
  EXPECT_TRUE(p.after_failure(retryable, t0 + 100ms, std::nullopt).retry);  // +200
  EXPECT_TRUE(p.after_failure(retryable, t0 + 300ms, std::nullopt).retry);  // +400
  const auto last = p.after_failure(retryable, t0 + 700ms, std::nullopt);   // +800 > 1000
  EXPECT_FALSE(last.retry);
  EXPECT_EQ(last.give_up_reason, errc::gave_up);
  p.reset();
  EXPECT_TRUE(p.after_failure(retryable, t0 + 10s, std::nullopt).retry);  // a new outage
}

TEST_F(ReconnectPolicy, RandomFirstDelayStaysWithinTheInitialDelay) {
  options.random_first_delay = true;
  options.initial_delay = 1000ms;
  options.max_delay = 5000ms;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    options.seed = seed;
    reconnect_policy p(options);
    EXPECT_LE(p.after_failure(retryable, t0, std::nullopt).delay, 1000ms);
    EXPECT_EQ(p.after_failure(retryable, t0, std::nullopt).delay, 2000ms);  // then as usual
  }
}

}  // namespace
}  // namespace wsclient::detail
