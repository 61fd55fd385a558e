#include "frame_writer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "frame_scanner.hpp"

namespace wsclient::detail {
namespace {

std::string bytes(std::initializer_list<unsigned> list) {
  std::string s;
  for (const auto b : list) {
    s += static_cast<char>(b);
  }
  return s;
}

TEST(FrameWriter, WritesTheRfcExamples) {
  // RFC 6455 section 5.7: "Hello" unmasked, and masked with the key 37 fa 21 3d.
  std::string out;
  append_frame(out, true, "Hello", std::nullopt);
  EXPECT_EQ(out, bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
  out.clear();
  append_frame(out, true, "Hello", mask_key{0x37, 0xfa, 0x21, 0x3d});
  EXPECT_EQ(out, bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
}

TEST(FrameWriter, UsesTheShortestLengthEncoding) {
  for (const std::size_t size : {0U, 125U, 126U, 65535U, 65536U, 100000U}) {
    std::string out;
    append_frame(out, false, std::string(size, 'b'), std::nullopt);
    const std::size_t header = size < 126 ? 2 : size <= 65535 ? 4 : 10;
    ASSERT_EQ(out.size(), header + size) << size;
    EXPECT_EQ(static_cast<unsigned char>(out[0]), 0x82) << size;
  }
}

TEST(FrameWriter, WritesACloseFrameWithItsStatusCode) {
  // Section 5.5.1: opcode 0x8, the status code first in network byte order (1000 = 03 e8).
  std::string out;
  append_frame(out, frame_opcode::close, bytes({0x03, 0xe8}), std::nullopt);
  EXPECT_EQ(out, bytes({0x88, 0x02, 0x03, 0xe8}));
}

TEST(FrameWriter, MasksEveryByteWithTheKeyInTurn) {
  const mask_key key{1, 2, 4, 8};
  std::string payload;
  for (int i = 0; i < 37; ++i) {
    payload += static_cast<char>('a' + i % 26);
  }
  std::string out;
  append_frame(out, true, payload, key);
  ASSERT_EQ(out.size(), 2 + 4 + payload.size());
  for (std::size_t i = 0; i < payload.size(); ++i) {
    EXPECT_EQ(out[6 + i], static_cast<char>(payload[i] ^ key[i % 4])) << i;
  }
}

TEST(FrameWriter, AppendsFramesTheScannerSeesAsMessages) {
  std::string out = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
  for (const std::size_t size : {0U, 20U, 1024U, 70000U}) {
    append_frame(out, size % 2 == 0, std::string(size, 'x'), mask_key{9, 9, 9, 9});
  }
  frame_scanner s;
  s.feed(reinterpret_cast<unsigned char*>(out.data()), out.size());
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(s.message_ready()) << i;
    s.message_consumed();
  }
  EXPECT_FALSE(s.message_ready());
}

}  // namespace
}  // namespace wsclient::detail
