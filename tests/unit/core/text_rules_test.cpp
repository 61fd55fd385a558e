#include <gtest/gtest.h>

#include <string>

#include "close_rules.hpp"
#include "utf8.hpp"

namespace wsclient::detail {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  for (const char* s : {"", "plain ascii", "h\xc3\xa9llo", "\xe2\x9c\x93", "\xf0\x9f\x98\x80",
                        "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf"}) {
    EXPECT_TRUE(is_valid_utf8(s)) << s;
  }
  EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));  // NUL is a valid code point
}

TEST(Utf8, RefusesMalformedText) {
  for (const char* s : {"\x80", "\xc3", "\xc3\x28", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
                        "\xed\xa0\x80", "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
                        "\xff", "abc\xe2\x9c", "\xf0\x9f\x98"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(std::string(s));
  }
}

TEST(Utf8, SeesAMessageCutInsideASequence) {
  for (const char* s : {"\xc3", "a\xe2\x9c", "\xf0\x9f\x98", "\xf0", "\x80", "\xbf\xbf"}) {
    EXPECT_TRUE(ends_inside_utf8_sequence(s)) << testing::PrintToString(std::string(s));
  }
  for (const char* s : {"", "a", "h\xc3\xa9", "\xe2\x9c\x93", "\xf0\x9f\x98\x80"}) {
    EXPECT_FALSE(ends_inside_utf8_sequence(s)) << testing::PrintToString(std::string(s));
  }
}

TEST(CloseRules, SendableCodesFollowTheRegistry) {
  for (const unsigned code : {1000U, 1001U, 1003U, 1007U, 1011U, 1014U, 3000U, 4999U}) {
    EXPECT_TRUE(is_sendable_close_code(code)) << code;
  }
  for (const unsigned code : {0U, 999U, 1004U, 1005U, 1006U, 1015U, 1016U, 2999U, 5000U, 65535U}) {
    EXPECT_FALSE(is_sendable_close_code(code)) << code;
  }
}

TEST(CloseRules, AllowWhatABrowserAllows) {
  EXPECT_FALSE(check_close(1000, ""));
  EXPECT_FALSE(check_close(3000, "app"));
  EXPECT_FALSE(check_close(4999, std::string(123, 'x')));
  EXPECT_FALSE(check_close(1000, "d\xc3\xa9j\xc3\xa0"));
}

TEST(CloseRules, RefuseReservedCodesLongReasonsAndBadUtf8) {
  for (const std::uint16_t code : {0, 999, 1001, 1005, 1006, 1011, 1015, 2999, 5000, 65535}) {
    EXPECT_EQ(check_close(code, ""), errc::invalid_close_code) << code;
  }
  EXPECT_EQ(check_close(1000, std::string(124, 'x')), errc::close_reason_too_long);
  EXPECT_EQ(check_close(1000, "\xff"), errc::invalid_utf8);
}

}  // namespace
}  // namespace wsclient::detail
