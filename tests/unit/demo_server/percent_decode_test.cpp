#include "percent_decode.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wsclient::demo {
namespace {

using namespace std::string_literals;

TEST(PercentDecode, PlainTextIsUnchanged) {
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_EQ(percent_decode("/a/b.js"), "/a/b.js");
}

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  EXPECT_EQ(percent_decode("x%20y"), "x y");
  EXPECT_EQ(percent_decode("%2e%2E%2f%2F"), "..//");
  EXPECT_EQ(percent_decode("%C3%A9"), "\xC3\xA9");
  EXPECT_EQ(percent_decode("%ff"), "\xff");
  EXPECT_EQ(percent_decode("100%25"), "100%");
}

TEST(PercentDecode, DoesNotDecodeTwice) {
  EXPECT_EQ(percent_decode("%252e"), "%2e");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, MalformedEscapesFail) {
  for (const char* bad : {"%", "%4", "a%", "%zz", "%4g", "%g4", "x%2", "%%41", "% 1"}) {
    EXPECT_EQ(percent_decode(bad), std::nullopt) << bad;
  }
}

TEST(PercentDecode, NulFails) {
  EXPECT_EQ(percent_decode("%00"), std::nullopt);
  EXPECT_EQ(percent_decode("a%00b"), std::nullopt);
  EXPECT_EQ(percent_decode("a\0b"s), std::nullopt);
}

TEST(ParseQuery, SplitsAndDecodes) {
  const auto query = parse_query("a=1&b=x%20y&c=p+q");
  ASSERT_TRUE(query);
  EXPECT_EQ(*query, (std::map<std::string, std::string>{{"a", "1"}, {"b", "x y"}, {"c", "p q"}}));
}

TEST(ParseQuery, EdgeCases) {
  EXPECT_EQ(parse_query(""), (std::map<std::string, std::string>{}));
  EXPECT_EQ(parse_query("flag"), (std::map<std::string, std::string>{{"flag", ""}}));
  EXPECT_EQ(parse_query("k="), (std::map<std::string, std::string>{{"k", ""}}));
  EXPECT_EQ(parse_query("a=1&&b=2&"), (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(parse_query("a=1&a=2"), (std::map<std::string, std::string>{{"a", "2"}}));
  EXPECT_EQ(parse_query("x=a=b"), (std::map<std::string, std::string>{{"x", "a=b"}}));
  EXPECT_EQ(parse_query("k%3D=v%26"), (std::map<std::string, std::string>{{"k=", "v&"}}));
}

TEST(ParseQuery, AnyBadComponentFails) {
  EXPECT_EQ(parse_query("a=%zz"), std::nullopt);
  EXPECT_EQ(parse_query("%4=1"), std::nullopt);
  EXPECT_EQ(parse_query("ok=1&bad=%00"), std::nullopt);
}

}  // namespace
}  // namespace wsclient::demo
