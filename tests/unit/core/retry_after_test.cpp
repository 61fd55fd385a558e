#include "retry_after.hpp"

#include <gtest/gtest.h>

namespace wsclient::detail {
namespace {

using namespace std::chrono;

// 1994-11-06T08:49:37Z, the example date of RFC 9110.
const system_clock::time_point example{seconds(784111777)};

TEST(RetryAfter, ParsesDelaySeconds) {
  EXPECT_EQ(parse_retry_after("0", example), milliseconds(0));
  EXPECT_EQ(parse_retry_after("3", example), milliseconds(3000));
  EXPECT_EQ(parse_retry_after(" 120 ", example), milliseconds(120'000));
}

TEST(RetryAfter, ClampsHugeValuesToADay) {
  EXPECT_EQ(parse_retry_after("99999999999999999999999", example), std::nullopt);
  EXPECT_EQ(parse_retry_after("1000000", example), milliseconds(86'400'000));
}

TEST(RetryAfter, ParsesAnImfFixdateRelativeToNow) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", example), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", example), milliseconds(30'000));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", example), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Mon, 07 Nov 1994 08:49:37 GMT", example), milliseconds(86'400'000));
}

TEST(RetryAfter, ADateBeyondTheClocksRangeIsClampedNotOverflowed) {
  // system_clock counts nanoseconds and ends in 2262; found by the client_stream fuzzer.
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2351 07:28:00 GMT", example),
            milliseconds(retry_after_parse_limit));
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", example),
            milliseconds(retry_after_parse_limit));
}

TEST(RetryAfter, RefusesAnythingElse) {
  for (const char* bad : {"", "  ", "-1", "1.5", "soon", "3s", "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                          "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"}) {
    EXPECT_EQ(parse_retry_after(bad, example), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace wsclient::detail
