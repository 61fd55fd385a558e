#include "time_format.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "timestamp_shape.hpp"

namespace wsclient::demo {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

// Expected values are independent of the code under test: seconds since the epoch were
// computed with Python's calendar.timegm().
system_clock::time_point at(std::int64_t unix_seconds, std::int64_t micros = 0) {
  return system_clock::time_point{std::chrono::duration_cast<system_clock::duration>(
      seconds{unix_seconds} + microseconds{micros})};
}

TEST(TimeFormat, EpochHasSixZeroDigits) {
  EXPECT_EQ(format_utc_microseconds(at(0)), "1970-01-01T00:00:00.000000Z");
}

TEST(TimeFormat, ProtocolExample) {
  EXPECT_EQ(format_utc_microseconds(at(1795627740, 123456)), "2026-11-25T17:29:00.123456Z");
}

TEST(TimeFormat, MillisecondsAsTheChatStampsThem) {
  // The chat protocol's example; the microseconds are cut, not rounded, and zeros are kept.
  EXPECT_EQ(format_utc_milliseconds(at(1796161784, 586999)), "2026-12-01T21:49:44.586Z");
  EXPECT_EQ(format_utc_milliseconds(at(1796161784)), "2026-12-01T21:49:44.000Z");
  EXPECT_EQ(format_utc_milliseconds(at(0, -1)), "1969-12-31T23:59:59.999Z");
}

TEST(TimeFormat, ZeroMicrosecondsKeepTheFraction) {
  EXPECT_EQ(format_utc_microseconds(at(1795627740)), "2026-11-25T17:29:00.000000Z");
  EXPECT_EQ(format_utc_microseconds(at(1795627740, 1)), "2026-11-25T17:29:00.000001Z");
}

TEST(TimeFormat, LeapYears) {
  EXPECT_EQ(format_utc_microseconds(at(1709251199, 999999)), "2024-02-29T23:59:59.999999Z");
  EXPECT_EQ(format_utc_microseconds(at(1709251199 + 1)), "2024-03-01T00:00:00.000000Z");
  // 2000 is a leap year (divisible by 400), 2100 is not (divisible by 100).
  EXPECT_EQ(format_utc_microseconds(at(951825600)), "2000-02-29T12:00:00.000000Z");
  EXPECT_EQ(format_utc_microseconds(at(4107542399 + 1)), "2100-03-01T00:00:00.000000Z");
}

TEST(TimeFormat, YearAndThirtyTwoBitBoundaries) {
  EXPECT_EQ(format_utc_microseconds(at(946684799, 500000)), "1999-12-31T23:59:59.500000Z");
  EXPECT_EQ(format_utc_microseconds(at(946684799 + 1)), "2000-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_utc_microseconds(at(2147483648)), "2038-01-19T03:14:08.000000Z");
}

TEST(TimeFormat, SubMicrosecondsAreTruncatedNotRounded) {
  const auto when = at(0) + std::chrono::duration_cast<system_clock::duration>(nanoseconds{1999});
  EXPECT_EQ(format_utc_microseconds(when), "1970-01-01T00:00:00.000001Z");
}

TEST(TimeFormat, BeforeTheEpochRoundsDown) {
  EXPECT_EQ(format_utc_microseconds(at(0, -1)), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_utc_microseconds(at(-86400)), "1969-12-31T00:00:00.000000Z");
}

TEST(TimeFormat, NowHasTheFixedShape) {
  EXPECT_TRUE(test::has_utc_timestamp_shape(format_utc_microseconds(system_clock::now())));
}

TEST(TimeFormat, ConcurrentCallsDoNotInterfere) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      const auto when = at(951825600 + t * 86400, t);
      const auto expected = format_utc_microseconds(when);
      for (int i = 0; i < 2000; ++i) {
        failures[static_cast<std::size_t>(t)] += format_utc_microseconds(when) != expected;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures, (std::vector<int>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace wsclient::demo
