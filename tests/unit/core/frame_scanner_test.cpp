#include "frame_scanner.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace wsclient::detail {
namespace {

const std::string response =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

// A server frame (RFC 6455 section 5.2): unmasked unless a mask is given.
std::string frame(unsigned opcode, bool fin, std::uint64_t length, bool masked = false) {
  std::string f;
  f += static_cast<char>((fin ? 0x80 : 0) | opcode);
  const char mask_bit = masked ? static_cast<char>(0x80) : 0;
  if (length < 126) {
    f += static_cast<char>(mask_bit | static_cast<char>(length));
  } else if (length <= 0xFFFF) {
    f += static_cast<char>(mask_bit | 126);
    f += static_cast<char>(length >> 8);
    f += static_cast<char>(length & 0xFF);
  } else {
    f += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      f += static_cast<char>((length >> shift) & 0xFF);
    }
  }
  if (masked) {
    f += "abcd";
  }
  return f + std::string(length, 'x');
}

void feed(frame_scanner& s, const std::string& bytes) {
  s.feed(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

void feed_bytewise(frame_scanner& s, const std::string& bytes) {
  for (const char c : bytes) {
    feed(s, std::string(1, c));
  }
}

TEST(FrameScanner, SeesNothingBeforeTheResponseEnds) {
  frame_scanner s;
  feed(s, response.substr(0, response.size() - 1));
  feed(s, frame(2, true, 3));  // the last byte of the response is missing: all of it is headers
  EXPECT_FALSE(s.message_ready());
  EXPECT_EQ(s.pending_frames(), 0U);
}

TEST(FrameScanner, SeesAWholeMessageFedAtOnceOrByteByByte) {
  for (const bool bytewise : {false, true}) {
    frame_scanner s;
    const auto bytes = response + frame(1, true, 5) + frame(2, true, 300) + frame(2, true, 70000);
    bytewise ? feed_bytewise(s, bytes) : feed(s, bytes);
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(s.message_ready()) << i;
      s.message_consumed();
    }
    EXPECT_FALSE(s.message_ready());
    EXPECT_EQ(s.pending_frames(), 0U);
  }
}

TEST(FrameScanner, WaitsForTheLastPayloadByte) {
  frame_scanner s;
  const auto bytes = response + frame(2, true, 1000);
  feed(s, bytes.substr(0, bytes.size() - 1));
  EXPECT_FALSE(s.message_ready());
  feed(s, bytes.substr(bytes.size() - 1));
  EXPECT_TRUE(s.message_ready());
}

TEST(FrameScanner, SeesEmptyFramesAsComplete) {
  frame_scanner s;
  feed(s, response + frame(1, true, 0));
  EXPECT_TRUE(s.message_ready());
}

TEST(FrameScanner, NeedsTheFinalFragment) {
  frame_scanner s;
  feed(s, response + frame(1, false, 4) + frame(0, false, 4));
  EXPECT_FALSE(s.message_ready());
  feed(s, frame(0, true, 0));  // section 5.4: the final fragment may be empty
  EXPECT_TRUE(s.message_ready());
  s.message_consumed();
  EXPECT_EQ(s.pending_frames(), 0U);
}

TEST(FrameScanner, LeavesControlFramesToTheAsynchronousRead) {
  frame_scanner s;
  feed(s, response + frame(9, true, 4) + frame(2, true, 4));  // a ping, then a message
  EXPECT_FALSE(s.message_ready());
  s.message_consumed();  // Beast answered the ping and read the message
  EXPECT_EQ(s.pending_frames(), 0U);

  feed(s, frame(1, false, 2) + frame(10, true, 0) + frame(0, true, 2));  // a pong among fragments
  EXPECT_FALSE(s.message_ready());
  s.message_consumed();
  EXPECT_EQ(s.pending_frames(), 0U);
}

TEST(FrameScanner, KeepsWhatFollowsTheConsumedMessage) {
  frame_scanner s;
  feed(s, response + frame(2, true, 1) + frame(8, true, 2) + frame(2, true, 1));
  EXPECT_TRUE(s.message_ready());
  s.message_consumed();
  EXPECT_FALSE(s.message_ready());  // a close frame comes next
  EXPECT_EQ(s.pending_frames(), 2U);
}

TEST(FrameScanner, TreatsReservedOpcodesAsControlFrames) {
  for (const unsigned opcode : {3U, 7U, 11U, 15U}) {
    frame_scanner s;
    feed(s, response + frame(opcode, true, 1) + frame(2, true, 1));
    EXPECT_FALSE(s.message_ready()) << opcode;
  }
}

TEST(FrameScanner, CountsMaskKeysAndLongLengths) {
  frame_scanner s;
  feed(s, response + frame(2, true, 10, true) + frame(2, true, 65536) + frame(1, true, 126));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s.message_ready()) << i;
    s.message_consumed();
  }
  EXPECT_EQ(s.pending_frames(), 0U);
}

TEST(FrameScanner, StopsFollowingAnImpossibleLength) {
  frame_scanner s;
  std::string bad = "\x82\x7f";
  bad += std::string("\x80\0\0\0\0\0\0\0", 8);  // section 5.2: the top bit must be 0
  feed(s, response + bad + frame(2, true, 1));
  EXPECT_FALSE(s.message_ready());
  EXPECT_EQ(s.pending_frames(), 0U);
}

}  // namespace
}  // namespace wsclient::detail
