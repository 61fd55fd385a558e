// The one-line rendering of binary messages: exact for short ones, elided for long ones.
#include "binary_format.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wsclient::cli {
namespace {

const std::string ellipsis = "\xe2\x80\xa6";

TEST(BinaryFormat, ThreeBytesAreShownInFull) {
  EXPECT_EQ(format_binary(std::string("\x01\x02\xff", 3)), "<binary 3 bytes: 0102ff>");
}

TEST(BinaryFormat, EmptyMessage) {
  EXPECT_EQ(format_binary(""), "<binary 0 bytes: >");
}

TEST(BinaryFormat, NulAndHighBytesAreLowerCaseHex) {
  EXPECT_EQ(format_binary(std::string("\0\x7f\x80\xab", 4)), "<binary 4 bytes: 007f80ab>");
}

TEST(BinaryFormat, ExactlyThePreviewLengthHasNoEllipsis) {
  const std::string bytes(binary_preview_bytes, '\x11');
  EXPECT_EQ(format_binary(bytes), "<binary 32 bytes: " + std::string(64, '1') + ">");
}

TEST(BinaryFormat, LongerMessagesShowTheFirstBytesThenAnEllipsis) {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) {
    bytes += static_cast<char>(i);
  }
  const auto text = format_binary(bytes);
  EXPECT_EQ(text,
            "<binary 1000 bytes: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" +
                ellipsis + ">");
}

TEST(BinaryFormat, PreviewLengthCanBeChosen) {
  EXPECT_EQ(format_binary("abcd", 2), "<binary 4 bytes: 6162" + ellipsis + ">");
  EXPECT_EQ(format_binary("abcd", 0), "<binary 4 bytes: " + ellipsis + ">");
}

}  // namespace
}  // namespace wsclient::cli
