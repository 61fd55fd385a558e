#include "accept_backoff.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace wsclient::demo {
namespace {

using std::chrono::milliseconds;
using clock_type = accept_backoff::clock;

TEST(AcceptBackoff, PausesDoubleFromTheFirstDelayUpToTheMaximum) {
  accept_backoff b;
  const clock_type::time_point t0{};
  const milliseconds expected[] = {milliseconds{100}, milliseconds{200},  milliseconds{400},
                                   milliseconds{800}, milliseconds{1000}, milliseconds{1000}};
  for (const auto want : expected) {
    EXPECT_EQ(b.failed(t0, "Too many open files").delay, want);
  }
}

TEST(AcceptBackoff, LogsTheFirstFailureThenOncePerIntervalWithTheCount) {
  accept_backoff b;
  const clock_type::time_point t0{};
  const auto first = b.failed(t0, "Too many open files");
  ASSERT_TRUE(first.log);
  EXPECT_NE(first.log->find("accept failed: Too many open files"), std::string::npos);
  auto now = t0;
  int lines = 0;
  for (int i = 0; i < 19; ++i) {  // one failure a second, as the maximum pause gives
    now += milliseconds{1'000};
    if (const auto d = b.failed(now, "Too many open files"); d.log) {
      ++lines;
      EXPECT_NE(d.log->find("accept failed 10 more time(s) in the last 10000 ms"),
                std::string::npos)
          << *d.log;
    }
  }
  EXPECT_EQ(lines, 1);  // at 10 s; the next is due at 20 s
  EXPECT_EQ(b.failures(), 20U);
}

TEST(AcceptBackoff, SuccessEndsTheRunWithOneLineAndResetsThePause) {
  accept_backoff b;
  const clock_type::time_point t0{};
  EXPECT_FALSE(b.succeeded(t0));  // nothing to report without failures
  b.failed(t0, "Too many open files");
  b.failed(t0 + milliseconds{100}, "Too many open files");
  const auto line = b.succeeded(t0 + milliseconds{300});
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, "accepting again after 2 failed accept(s) in 300 ms");
  EXPECT_EQ(b.failures(), 0U);
  EXPECT_FALSE(b.succeeded(t0 + milliseconds{400}));
  const auto again = b.failed(t0 + milliseconds{500}, "Too many open files");
  EXPECT_EQ(again.delay, milliseconds{100});
  EXPECT_TRUE(again.log);  // a new run is reported from its start
}

}  // namespace
}  // namespace wsclient::demo
