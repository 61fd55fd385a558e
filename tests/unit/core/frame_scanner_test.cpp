#include "frame_scanner.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "close_rules.hpp"

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

/// Feeds bytes; returns them as the reader after the scanner sees them.
std::string feed(frame_scanner& s, std::string bytes) {
  s.feed(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size());
  return bytes;
}

std::string feed_bytewise(frame_scanner& s, const std::string& bytes) {
  std::string out;
  for (const char c : bytes) {
    out += feed(s, std::string(1, c));
  }
  return out;
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

// A server close frame with this code (RFC 6455 section 5.5.1).
std::string close_frame(std::uint16_t code, const std::string& reason = "") {
  std::string f = "\x88";
  f += static_cast<char>(2 + reason.size());
  f += static_cast<char>(code >> 8);
  f += static_cast<char>(code & 0xFF);
  return f + reason;
}

/// The code in a close frame as bytes.
std::uint16_t code_in(const std::string& close) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(close[2]) << 8) |
                                    static_cast<unsigned char>(close[3]));
}

// A reader that, like Beast 1.81, refuses 1014 and accepts 5000 and above.
bool quirky_reader(std::uint16_t code) noexcept {
  return code >= 5000 || (code != 1014 && is_sendable_close_code(code));
}

TEST(FrameScanner, NotesTheCloseCodeTheServerSent) {
  frame_scanner s(quirky_reader);
  EXPECT_FALSE(s.close_code());
  const auto seen = feed(s, response + close_frame(1001, "bye"));
  EXPECT_EQ(s.close_code(), 1001);
  EXPECT_EQ(seen, response + close_frame(1001, "bye"));  // a code the reader judges right
}

TEST(FrameScanner, AnEmptyOrMaskedCloseFrameHasNoCode) {
  frame_scanner s(quirky_reader);
  feed(s, response + "\x88" + std::string(1, '\0'));
  EXPECT_FALSE(s.close_code());
  frame_scanner masked(quirky_reader);
  const std::string frame = std::string("\x88\x82") + "abcd" + "\x03\xe9";
  EXPECT_EQ(feed(masked, response + frame), response + frame);
  EXPECT_FALSE(masked.close_code());
}

// Where the reader judges a code otherwise than RFC 6455 section 7.4 does, it is shown a code
// it judges right instead: 1000 for a valid one, 768 (never valid) for an invalid one.
TEST(FrameScanner, ShowsTheReaderACodeItJudgesRight) {
  struct code_case {
    std::uint16_t sent;
    std::uint16_t shown;
    // A code split between two reads has its first byte passed on before the second comes:
    // where that byte leaves the reader's judgement open, it becomes 0x03 (the first byte of
    // both substitutes), and the second byte makes 1000 or 768 of it.
    std::uint16_t shown_when_split;
  };
  for (const auto c :
       {code_case{1014, 1000, 1000}, code_case{5000, 768, 768}, code_case{65535, 768, 768},
        code_case{1000, 1000, 1000}, code_case{4999, 4999, 1000}, code_case{3000, 3000, 3000},
        code_case{1015, 1015, 1015}}) {
    for (const bool bytewise : {false, true}) {
      SCOPED_TRACE(std::to_string(c.sent) + (bytewise ? " byte by byte" : ""));
      frame_scanner s(quirky_reader);
      const auto bytes = close_frame(c.sent, "why");
      const auto seen = bytewise ? feed_bytewise(s, response + bytes) : feed(s, response + bytes);
      const auto frame = seen.substr(response.size());
      EXPECT_EQ(code_in(frame), bytewise ? c.shown_when_split : c.shown);
      EXPECT_EQ(frame.substr(4), "why");
      EXPECT_EQ(s.close_code(), c.sent);
    }
  }
}

TEST(FrameScanner, WithoutAReaderToCorrectChangesNothing) {
  frame_scanner s;
  const auto bytes = response + close_frame(5000);
  EXPECT_EQ(feed_bytewise(s, bytes), bytes);
  EXPECT_EQ(s.close_code(), 5000);
}

// A client close frame (section 5.3): payload masked with the key "\x37\xfa\x21\x3d".
const std::string client_mask = "\x37\xfa\x21\x3d";

std::string masked_close_frame(std::uint16_t code, const std::string& reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  payload += reason;
  std::string f = "\x88";
  f += static_cast<char>(0x80 | payload.size());
  f += client_mask;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    f += static_cast<char>(payload[i] ^ client_mask[i % 4]);
  }
  return f;
}

/// The code in a masked close frame, unmasked.
std::uint16_t masked_code_in(const std::string& close) {
  const auto high = static_cast<unsigned char>(close[6] ^ client_mask[0]);
  const auto low = static_cast<unsigned char>(close[7] ^ client_mask[1]);
  return static_cast<std::uint16_t>(high << 8 | low);
}

// The demo server reads its clients' frames: no HTTP head, masked (section 5.3). The code is
// judged and changed under the mask, and what follows the code is left as it was.
TEST(FrameScanner, JudgesTheCodesOfAClientUnderItsMask) {
  for (const auto& c : {std::pair<std::uint16_t, std::uint16_t>{1014, 1000},
                        {5000, 768},
                        {65535, 768},
                        {1001, 1001},
                        {4000, 4000}}) {
    for (const bool bytewise : {false, true}) {
      SCOPED_TRACE(std::to_string(c.first) + (bytewise ? " byte by byte" : ""));
      frame_scanner s(quirky_reader, frame_sender::client);
      const auto bytes = frame(2, true, 5, true) + masked_close_frame(c.first, "why");
      const auto seen = bytewise ? feed_bytewise(s, bytes) : feed(s, bytes);
      const auto close = seen.substr(frame(2, true, 5, true).size());
      EXPECT_EQ(masked_code_in(close), c.second);
      EXPECT_EQ(close.substr(8), masked_close_frame(c.first, "why").substr(8));
      EXPECT_EQ(s.close_code(), c.first);
      EXPECT_EQ(s.pending_frames(), 0U);  // messages are not followed for a server
    }
  }
}

TEST(FrameScanner, LeavesAnUnmaskedClientCloseToTheReader) {
  // Beast refuses an unmasked client frame (section 5.1) whatever its code.
  frame_scanner s(quirky_reader, frame_sender::client);
  const auto bytes = close_frame(5000);
  EXPECT_EQ(feed(s, bytes), bytes);
  EXPECT_FALSE(s.close_code());
}

}  // namespace
}  // namespace wsclient::detail
