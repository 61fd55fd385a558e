#include "backoff.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace wsclient::detail {
namespace {

reconnect_options opts(jitter j, std::uint64_t seed = 42) {
  reconnect_options o;
  o.initial_delay = milliseconds(100);
  o.max_delay = milliseconds(2000);
  o.multiplier = 2.0;
  o.jitter_mode = j;
  o.seed = seed;
  return o;
}

TEST(Backoff, WithoutJitterGrowsExponentiallyUpToTheCap) {
  backoff b(opts(jitter::none));
  std::vector<long> got;
  for (std::uint32_t n = 1; n <= 8; ++n) {
    got.push_back(static_cast<long>(b.delay_for(n).count()));
  }
  EXPECT_EQ(got, (std::vector<long>{100, 200, 400, 800, 1600, 2000, 2000, 2000}));
}

TEST(Backoff, HugeAttemptNumbersStayAtTheCap) {
  backoff b(opts(jitter::none));
  EXPECT_EQ(b.delay_for(1'000'000).count(), 2000);
}

TEST(Backoff, FullJitterStaysWithinZeroAndTheCappedDelay) {
  backoff b(opts(jitter::full));
  for (int round = 0; round < 200; ++round) {
    for (std::uint32_t n = 1; n <= 8; ++n) {
      const auto capped = std::min(100L << (n - 1), 2000L);
      const auto d = b.delay_for(n).count();
      EXPECT_GE(d, 0);
      EXPECT_LE(d, capped) << "attempt " << n;
    }
  }
}

TEST(Backoff, EqualJitterKeepsAtLeastHalf) {
  backoff b(opts(jitter::equal));
  for (int round = 0; round < 200; ++round) {
    for (std::uint32_t n = 1; n <= 8; ++n) {
      const auto capped = std::min(100L << (n - 1), 2000L);
      const auto d = b.delay_for(n).count();
      EXPECT_GE(d, capped / 2);
      EXPECT_LE(d, capped);
    }
  }
}

TEST(Backoff, DecorrelatedJitterStaysBetweenInitialAndCap) {
  backoff b(opts(jitter::decorrelated));
  long previous = 100;
  for (std::uint32_t n = 1; n <= 500; ++n) {
    const auto d = b.delay_for(n).count();
    EXPECT_GE(d, 100);
    EXPECT_LE(d, std::min(2000L, std::max(100L, previous * 3)));
    previous = d;
  }
}

TEST(Backoff, FullJitterActuallySpreads) {
  // With jitter the delays of one attempt number differ from round to round.
  backoff b(opts(jitter::full));
  std::vector<long> seen;
  for (int i = 0; i < 50; ++i) {
    seen.push_back(static_cast<long>(b.delay_for(5).count()));
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_GT(seen.size(), 10U);
}

TEST(Backoff, TheSameSeedGivesTheSameSequence) {
  backoff a(opts(jitter::full, 7));
  backoff b(opts(jitter::full, 7));
  backoff c(opts(jitter::full, 8));
  bool differs = false;
  for (std::uint32_t n = 1; n <= 20; ++n) {
    const auto x = a.delay_for(n);
    EXPECT_EQ(x, b.delay_for(n));
    differs = differs || x != c.delay_for(n);
  }
  EXPECT_TRUE(differs);
}

TEST(Backoff, FirstDelayIsWithinTheInitialDelay) {
  backoff b(opts(jitter::none));
  for (int i = 0; i < 100; ++i) {
    const auto d = b.first_delay().count();
    EXPECT_GE(d, 0);
    EXPECT_LE(d, 100);
  }
}

TEST(Backoff, ResetRestartsDecorrelatedJitter) {
  auto o = opts(jitter::decorrelated);
  o.max_delay = milliseconds(1'000'000);
  backoff b(o);
  for (std::uint32_t n = 1; n <= 30; ++n) {
    b.delay_for(n);
  }
  b.reset();
  EXPECT_LE(b.delay_for(1).count(), 300);  // uniform in [initial, 3 * initial]
}

}  // namespace
}  // namespace wsclient::detail
