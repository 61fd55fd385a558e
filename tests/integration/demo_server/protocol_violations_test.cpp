// The demo server against a client that breaks RFC 6455, over raw TCP so that the bytes and
// their grouping into writes are exact: what it answers before failing the connection (section
// 7.1.7) and which close codes it accepts in a close frame (section 7.4).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "demo_server_process.hpp"
#include "raw_websocket.hpp"
#include "tcp_client.hpp"

namespace wsclient::test {
namespace {

constexpr unsigned text_opcode = 0x1;
constexpr unsigned close_opcode = 0x8;

// A raw client on /echo, past the opening handshake.
class RawEchoClient {
 public:
  explicit RawEchoClient(const demo_server_process& server) : tcp_(server.port()) {
    EXPECT_TRUE(tcp_.write(upgrade_request(server.port(), "/echo")));
    const auto& response =
        tcp_.read_until([](std::string_view bytes) { return after_handshake(bytes).has_value(); });
    EXPECT_TRUE(response.starts_with("HTTP/1.1 101 ")) << response;
  }

  bool send(std::string_view bytes) { return tcp_.write(bytes); }

  // The server's frames up to and including its close frame (or until it hangs up).
  std::vector<server_frame> frames_until_close() {
    const auto& bytes = tcp_.read_until([](std::string_view received) {
      const auto frames = server_frames(after_handshake(received).value_or(""));
      return !frames.empty() && frames.back().opcode == close_opcode;
    });
    return server_frames(after_handshake(bytes).value_or(""));
  }

 private:
  tcp_client tcp_;
};

std::optional<std::uint16_t> close_code_of(const std::vector<server_frame>& frames) {
  if (frames.empty() || frames.back().opcode != close_opcode) {
    return std::nullopt;
  }
  return frames.back().close_code();
}

TEST(ProtocolViolationsTest, EchoOfAMessageGoesOutBeforeTheCloseForAViolationInTheSameWrite) {
  demo_server_process server;
  // Autobahn 3.2, 4.1.3, 5.15: a valid message, then a frame that fails the connection, in one
  // TCP segment. Each violation: a reserved bit with no extension (section 5.2), a reserved
  // opcode (section 5.2), a continuation with no message to continue (section 5.4).
  const std::vector<std::pair<std::string, std::string>> violations = {
      {"reserved bit", client_frame(text_opcode, "bad", true, true)},
      {"reserved opcode", client_frame(0x5, "")},
      {"stray continuation", client_frame(0x0, "more")},
  };
  for (const auto& [what, violation] : violations) {
    SCOPED_TRACE(what);
    RawEchoClient client(server);
    ASSERT_TRUE(client.send(client_frame(text_opcode, "Hello") + violation));
    const auto frames = client.frames_until_close();
    ASSERT_EQ(frames.size(), 2U) << "expected the echo, then the close";
    EXPECT_EQ(frames[0].opcode, text_opcode);
    EXPECT_EQ(frames[0].payload, "Hello");
    EXPECT_EQ(close_code_of(frames), 1002);
  }
}

// Beast 1.81 takes any code from 3000 up (5000, 65535 included) and refuses 1014; the server
// applies RFC 6455 section 7.4 and the IANA registry itself (close_code_tap.hpp).
TEST(ProtocolViolationsTest, CloseCodesOutsideTheRegistryAreAnsweredWith1002) {
  demo_server_process server;
  for (const std::uint16_t code : {std::uint16_t{5000}, std::uint16_t{65535}}) {
    SCOPED_TRACE(code);
    RawEchoClient client(server);
    ASSERT_TRUE(client.send(client_frame(close_opcode, close_payload(code))));
    EXPECT_EQ(close_code_of(client.frames_until_close()), 1002);
  }
}

// Section 5.5.1: the answer to a close frame "typically" echoes its code; Beast is shown 1000
// in place of 1014 and answers with it.
TEST(ProtocolViolationsTest, CloseCode1014IsAcceptedAsNormalClosure) {
  demo_server_process server;
  RawEchoClient client(server);
  ASSERT_TRUE(client.send(client_frame(close_opcode, close_payload(1014, "bad gateway"))));
  EXPECT_EQ(close_code_of(client.frames_until_close()), 1000);
}

}  // namespace
}  // namespace wsclient::test
