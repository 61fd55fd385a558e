// The demo server's limits and timeouts, against a real third-party client: the largest message
// (--max-message-bytes, close code 1009, RFC 6455 section 7.4.1), UTF-8 validation of text
// (close code 1007, section 8.1), the bounded send queue of a client that does not read (1008),
// the handshake timeout (slowloris) and the idle timeout with keep-alive pings (section 5.5.2).
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "raw_websocket.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

constexpr std::size_t max_message_bytes = 1024;

// A peer answer for a failure message; large payloads are cut.
milliseconds since(steady::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady::now() - start);
}

// Expects the connection to have been closed by the server with code.
void expect_closed_with(const json& answer, int code) {
  EXPECT_TRUE(ok(answer)) << brief(answer);
  EXPECT_EQ(answer.value("type", ""), "closed") << brief(answer);
  EXPECT_EQ(answer.value("code", 0), code) << brief(answer);
}

TEST(LimitsTest, MessageOfExactlyTheMaximumIsEchoed) {
  demo_server_process server({"--max-message-bytes", std::to_string(max_message_bytes)});
  python_peer peer;
  for (const bool compression : {false, true}) {
    SCOPED_TRACE(compression ? "with permessage-deflate" : "without compression");
    const auto opened = peer.connect("c", server.ws_url("/echo"), {{"compression", compression}});
    ASSERT_TRUE(ok(opened)) << brief(opened);
    EXPECT_EQ(opened["extensions"].size(), compression ? 1U : 0U) << brief(opened);

    const std::string text(max_message_bytes, 'x');
    ASSERT_TRUE(ok(peer.send_text("c", text)));
    auto answer = peer.recv("c");
    ASSERT_EQ(answer.value("type", ""), "text") << brief(answer);
    EXPECT_EQ(answer.value("data", ""), text);

    std::string bytes(max_message_bytes, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] = static_cast<char>(i * 7 % 256);
    }
    ASSERT_TRUE(ok(peer.send_binary("c", bytes)));
    answer = peer.recv("c");
    ASSERT_EQ(answer.value("type", ""), "binary") << brief(answer);
    EXPECT_EQ(python_peer::binary_data(answer), bytes);

    const auto closed = peer.close("c");
    EXPECT_EQ(closed.value("code", 0), 1000) << brief(closed);
  }
}

TEST(LimitsTest, MessageOverTheMaximumIsClosedWith1009) {
  demo_server_process server({"--max-message-bytes", std::to_string(max_message_bytes)});
  python_peer peer;
  // With permessage-deflate 1025 equal bytes travel as a few bytes: the limit must apply to
  // the message, not to what is on the wire (a small frame can inflate to anything).
  for (const bool compression : {false, true}) {
    SCOPED_TRACE(compression ? "with permessage-deflate" : "without compression");
    ASSERT_TRUE(ok(peer.connect("text", server.ws_url("/echo"), {{"compression", compression}})));
    ASSERT_TRUE(ok(peer.send_text_repeat("text", "a", max_message_bytes + 1)));
    expect_closed_with(peer.recv("text"), 1009);

    ASSERT_TRUE(ok(peer.connect("binary", server.ws_url("/echo"), {{"compression", compression}})));
    ASSERT_TRUE(ok(peer.send_binary("binary", std::string(max_message_bytes + 1, '\x01'))));
    expect_closed_with(peer.recv("binary"), 1009);
  }
}

TEST(LimitsTest, FragmentsAddingUpToMoreThanTheMaximumAreClosedWith1009) {
  demo_server_process server({"--max-message-bytes", std::to_string(max_message_bytes)});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  // Each frame is under the limit; the message they make (section 5.4) is not.
  const std::string half(max_message_bytes / 2 + 1, 'f');
  ASSERT_TRUE(ok(peer.send_raw_frame("c", 0x1, half, false)));
  ASSERT_TRUE(ok(peer.send_raw_frame("c", 0x0, half, true)));
  expect_closed_with(peer.recv("c"), 1009);
}

TEST(LimitsTest, InvalidUtf8InATextMessageIsClosedWith1007) {
  demo_server_process server;
  python_peer peer;
  // Section 8.1: a text message that is not UTF-8 fails the connection with 1007. 0xFF never
  // occurs in UTF-8; "\xED\xA0\x80" is an encoded surrogate (U+D800), which UTF-8 forbids.
  for (const std::string_view payload :
       {std::string_view("ab\xFF"), std::string_view("\xED\xA0\x80")}) {
    SCOPED_TRACE("payload (base64): " + base64_encode(payload));
    ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
    ASSERT_TRUE(ok(peer.send_raw_frame("c", 0x1, payload)));
    expect_closed_with(peer.recv("c"), 1007);
  }
}

TEST(LimitsTest, Utf8IsCheckedAcrossFragments) {
  demo_server_process server;
  python_peer peer;
  // "€" (E2 82 AC) split over two frames is valid: UTF-8 is a property of the message.
  ASSERT_TRUE(ok(peer.connect("split", server.ws_url("/echo"))));
  ASSERT_TRUE(ok(peer.send_raw_frame("split", 0x1, "price: \xE2\x82", false)));
  ASSERT_TRUE(ok(peer.send_raw_frame("split", 0x0, "\xAC", true)));
  const auto echoed = peer.recv("split");
  EXPECT_EQ(echoed.value("type", ""), "text") << brief(echoed);
  EXPECT_EQ(echoed.value("data", ""), "price: \xE2\x82\xAC");

  // A message that ends inside a sequence is not.
  ASSERT_TRUE(ok(peer.connect("cut", server.ws_url("/echo"))));
  ASSERT_TRUE(ok(peer.send_raw_frame("cut", 0x1, "price: \xE2\x82", false)));
  ASSERT_TRUE(ok(peer.send_raw_frame("cut", 0x0, "", true)));
  expect_closed_with(peer.recv("cut"), 1007);
}

TEST(LimitsTest, ClientThatDoesNotReadIsClosedWith1008AndOthersCarryOn) {
  constexpr std::size_t queue_bytes = 64 * 1024;
  constexpr std::size_t message_bytes = 16 * 1024;  // the queue holds four such messages
  constexpr std::size_t message_count = 512;  // 8 MiB: far more than socket buffers hold unread
  demo_server_process server({"--max-send-queue-bytes", std::to_string(queue_bytes)});
  python_peer peer;
  // max_queue 1: websockets stops reading the socket while a message waits unread, so the
  // echoes back up in the kernel and then in the server's send queue, as for a stuck tab.
  const auto opened =
      peer.connect("slow", server.ws_url("/echo"), {{"max_queue", 1}, {"compression", false}});
  ASSERT_TRUE(ok(opened)) << brief(opened);
  const auto flood = peer.send_many("slow", message_bytes, message_count);
  ASSERT_TRUE(ok(flood)) << brief(flood);

  // Meanwhile the server and its other clients are unaffected, messages of the same size
  // included: a client that reads its echoes never has more than one queued.
  ASSERT_TRUE(ok(peer.connect("echo", server.ws_url("/echo"))));
  for (int round = 0; round < 8; ++round) {
    const std::string text(message_bytes, static_cast<char>('a' + round));
    ASSERT_TRUE(ok(peer.send_text("echo", text)));
    const auto echoed = peer.recv("echo", milliseconds{5'000}, true);
    EXPECT_EQ(echoed.value("size", 0U), message_bytes) << brief(echoed);
  }

  ASSERT_TRUE(ok(peer.connect("counter", server.ws_url("/counter"))));
  EXPECT_EQ(json::parse(peer.recv("counter").value("data", "null")),
            json::parse(R"({"type":"users","count":1})"));
  const auto state = json::parse(peer.recv("counter").value("data", "null"));
  ASSERT_EQ(state.value("type", ""), "state");
  ASSERT_TRUE(ok(peer.send_text("counter", R"({"action":"plus"})")));
  const auto plus = json::parse(peer.recv("counter").value("data", "null"));
  EXPECT_EQ(plus, json({{"type", "state"}, {"value", state.value("value", 0) + 1}}));

  // Reading now drains what was sent before the server gave up, then its close frame: the
  // connection was closed for policy (1008), not dropped, and the other echoes never went out.
  std::size_t received = 0;
  json last;
  for (;;) {
    last = peer.recv("slow", milliseconds{5'000}, true);
    if (!ok(last) || last.value("type", "") != "binary") {
      break;
    }
    ++received;
  }
  expect_closed_with(last, 1008);
  EXPECT_LT(received, message_count);
}

TEST(LimitsTest, IncompleteRequestIsDroppedAfterTheHandshakeTimeout) {
  constexpr milliseconds handshake_timeout{300};
  demo_server_process server({"--handshake-timeout-ms", std::to_string(handshake_timeout.count())});
  python_peer peer;
  // Slowloris: a connection that never completes its request must not hold a socket forever.
  for (const std::string_view sent :
       {std::string_view(""), std::string_view("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                               "Upgrade: websocket\r\n")}) {
    SCOPED_TRACE("sent: " + std::string(sent));
    const auto start = steady::now();
    const auto answer = peer.raw(server.port(), sent, milliseconds{5'000});
    const auto took = since(start);
    ASSERT_TRUE(ok(answer)) << brief(answer);
    EXPECT_TRUE(answer.value("eof", false)) << "still open after " << took.count() << " ms";
    EXPECT_EQ(answer.value("text", "?"), "") << "a dropped request gets no answer";
    EXPECT_GE(took, handshake_timeout);
  }

  // The timeout bounds the handshake only: an upgraded connection outlives it.
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  const auto quiet = peer.recv("c", handshake_timeout * 2);
  EXPECT_EQ(quiet.value("error", ""), "timeout") << brief(quiet);
  ASSERT_TRUE(ok(peer.send_text("c", "after the timeout")));
  EXPECT_EQ(peer.recv("c").value("data", ""), "after the timeout");
}

TEST(LimitsTest, SilentClientIsPingedThenClosedWhileAnAnsweringOneStays) {
  constexpr milliseconds idle_timeout{600};
  demo_server_process server({"--idle-timeout-ms", std::to_string(idle_timeout.count())});
  python_peer peer;
  // websockets answers pings by itself (section 5.5.2), which keeps this one alive.
  ASSERT_TRUE(ok(peer.connect("alive", server.ws_url("/echo"))));

  // A hand-made client that upgrades, then reads but never writes: no pongs.
  const auto start = steady::now();
  const auto silent =
      peer.raw(server.port(), upgrade_request(server.port(), "/echo"), milliseconds{5'000});
  const auto took = since(start);
  ASSERT_TRUE(ok(silent)) << brief(silent);
  EXPECT_TRUE(silent.value("eof", false)) << "not closed within 5 s";
  EXPECT_GE(took, idle_timeout);
  const auto bytes = base64_decode(silent.value("data", "")).value_or("");
  ASSERT_TRUE(bytes.starts_with("HTTP/1.1 101 ")) << brief(silent);
  const auto body = bytes.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  // The first frame after the handshake is the server's ping (FIN + opcode 0x9).
  ASSERT_GT(bytes.size(), body + 4) << "no ping before the close";
  EXPECT_EQ(static_cast<unsigned char>(bytes[body + 4]), 0x89U) << brief(silent);

  // The answering client has now been silent, but for pongs, for longer than the timeout.
  const auto quiet = peer.recv("alive", idle_timeout * 2);
  EXPECT_EQ(quiet.value("error", ""), "timeout") << brief(quiet);
  ASSERT_TRUE(ok(peer.send_text("alive", "still open")));
  const auto echoed = peer.recv("alive");
  EXPECT_EQ(echoed.value("data", ""), "still open") << brief(echoed);
}

}  // namespace
}  // namespace wsclient::test
