#include "value_checks.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "error_text.hpp"

namespace wsclient::command_line {
namespace {

constexpr auto unbounded = std::numeric_limits<std::uint64_t>::max();

// The validator's answer for text: its error, or "=" and the text it hands on.
std::string check(const CLI::Validator& validator, std::string text) {
  auto error = validator(text);
  return error.empty() ? "=" + text : error;
}

TEST(Decimal, AcceptsPlainDecimalsInRange) {
  const auto port = decimal(0, 65535);
  EXPECT_EQ(check(port, "0"), "=0");
  EXPECT_EQ(check(port, "8080"), "=8080");
  EXPECT_EQ(check(port, "65535"), "=65535");
  EXPECT_EQ(check(decimal(1, unbounded), "18446744073709551615"), "=18446744073709551615");
}

TEST(Decimal, HandsOnLeadingZerosRemovedSoCli11DoesNotReadOctal) {
  EXPECT_EQ(check(decimal(0, 65535), "0080"), "=80");
  EXPECT_EQ(check(decimal(0, 65535), "000"), "=0");
}

TEST(Decimal, RefusesAnythingButDigits) {
  const auto port = decimal(0, 65535);
  for (const std::string text :
       {"http", "80x", " 80", "80 ", "+80", "0x10", "1.5", "1e3", "８０"}) {
    EXPECT_EQ(check(port, text),
              quote(text) + " is not a number; expected an integer from 0 to 65535");
  }
}

TEST(Decimal, ASignAloneOrBeforeAnythingButDigitsIsNotANumber) {
  const auto port = decimal(0, 65535);
  for (const std::string text : {"-", "-x", "-+1", "- 1", "-1x"}) {
    EXPECT_EQ(check(port, text),
              quote(text) + " is not a number; expected an integer from 0 to 65535");
  }
  EXPECT_EQ(check(port, "-99999999999999999999"),
            "\"-99999999999999999999\" is negative; expected an integer from 0 to 65535");
}

TEST(Decimal, SaysWhyANumberIsRefused) {
  EXPECT_EQ(check(decimal(0, 65535), "-1"),
            "\"-1\" is negative; expected an integer from 0 to 65535");
  EXPECT_EQ(check(decimal(0, 65535), "65536"),
            "\"65536\" is out of range; expected an integer from 0 to 65535");
  EXPECT_EQ(check(decimal(1, 256), "0"),
            "\"0\" is out of range; expected an integer from 1 to 256");
  EXPECT_EQ(check(decimal(1, unbounded), "0"),
            "\"0\" is out of range; expected an integer of at least 1");
  EXPECT_EQ(check(decimal(1, unbounded), "18446744073709551616"),
            "\"18446744073709551616\" is out of range; expected an integer of at least 1");
}

TEST(Decimal, RefusesAMissingValue) {
  EXPECT_EQ(check(decimal(0, 9), ""), "needs a non-empty value");
  EXPECT_EQ(check(decimal(0, 9), "--host"), "needs a value, but got the option \"--host\"");
}

TEST(TextValue, RefusesEmptyTextAndOptionNames) {
  EXPECT_EQ(check(text_value(), "localhost"), "=localhost");
  EXPECT_EQ(check(text_value(), "-"), "=-");
  EXPECT_EQ(check(text_value(), "a=b"), "=a=b");
  EXPECT_EQ(check(text_value(), ""), "needs a non-empty value");
  EXPECT_EQ(check(text_value(), "--port"), "needs a value, but got the option \"--port\"");
}

TEST(ReadableFile, AcceptsAFileThatOpens) {
  const auto path = (std::filesystem::temp_directory_path() / "readable_file_test.pem").string();
  std::ofstream(path) << "x";
  EXPECT_EQ(check(readable_file(), path), "=" + path);
  std::filesystem::remove(path);
}

// Unreadable for lack of permission is tested on wsclient-cli as an unprivileged user
// (tests/integration/cli): root, which the tests may run as, reads any file.
TEST(ReadableFile, NamesTheFileAndSaysWhyNot) {
  EXPECT_EQ(check(readable_file(), "/nonexistent/ca.pem"),
            "cannot read \"/nonexistent/ca.pem\": No such file or directory");
  const auto directory = std::filesystem::temp_directory_path().string();
  EXPECT_EQ(check(readable_file(), directory), quote(directory) + " is a directory");
  EXPECT_EQ(check(readable_file(), ""), "needs a non-empty value");
  EXPECT_EQ(check(readable_file(), "--insecure"),
            "needs a value, but got the option \"--insecure\"");
}

TEST(RangeText, BoundedOrOpenEnded) {
  EXPECT_EQ(range_text(0, 65535), "0-65535");
  EXPECT_EQ(range_text(1, unbounded), "at least 1");
}

TEST(ErrorText, ControlCharactersBecomeQuestionMarks) {
  EXPECT_EQ(one_line("a\nb\rc\td\x7f"
                     "e"),
            "a?b?c?d?e");
  EXPECT_EQ(one_line("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 stays as it is
  EXPECT_EQ(quote("8\n0"), "\"8?0\"");
}

}  // namespace
}  // namespace wsclient::command_line
