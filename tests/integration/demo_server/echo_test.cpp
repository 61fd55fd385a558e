// /echo through a real third-party client (Python `websockets`): every message must come back
// unchanged, text as text and binary as binary, with and without permessage-deflate.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo_server_process.hpp"
#include "python_peer.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;

constexpr std::size_t max_message_bytes = 1048576;  // the server's default --max-message-bytes

// Large messages take a while through base64 and JSON on both sides of the peer.
constexpr milliseconds large_recv_timeout{20'000};

// Which side refuses permessage-deflate, if any.
enum class compression_mode { both, server_off, client_off };

std::string mode_name(compression_mode mode) {
  switch (mode) {
    case compression_mode::both:
      return "Compressed";
    case compression_mode::server_off:
      return "ServerNoCompression";
    case compression_mode::client_off:
      return "ClientNoCompression";
  }
  return "Unknown";
}

// For gtest's messages, instead of "4-byte object <00-00 00-00>".
void PrintTo(compression_mode mode, std::ostream* out) {
  *out << mode_name(mode);
}

// Fixed seed: deterministic, yet incompressible, and covering every byte value (NUL included).
std::string random_bytes(std::size_t size) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (auto& c : out) {
    c = static_cast<char>(byte(rng));
  }
  return out;
}

class EchoTest : public ::testing::TestWithParam<compression_mode> {
 protected:
  void SetUp() override {
    std::vector<std::string> args{"--test-hooks"};
    if (GetParam() == compression_mode::server_off) {
      args.emplace_back("--no-compression");
    }
    server_.emplace(args);
    json extra = json::object();
    if (GetParam() == compression_mode::client_off) {
      extra["compression"] = false;
    }
    const auto answer = peer_.connect("c", server_->ws_url("/echo"), extra);
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
    extensions_ = answer.at("extensions");
  }

  // Sends text and expects exactly that text back.
  void expect_text_echo(const std::string& text, milliseconds timeout = milliseconds{5'000}) {
    const auto sent = peer_.send_text("c", text);
    ASSERT_EQ(sent.value("ok", false), true) << sent.dump();
    const auto got = peer_.recv("c", timeout);
    ASSERT_EQ(got.value("ok", false), true) << got.dump();
    ASSERT_EQ(got.value("type", ""), "text");
    EXPECT_EQ(got.value("size", -1L), static_cast<long>(text.size()));
    EXPECT_TRUE(got.value("data", "") == text) << "text of " << text.size() << " bytes differs";
  }

  // Sends bytes and expects exactly those bytes back, as a binary message.
  void expect_binary_echo(const std::string& bytes, milliseconds timeout = milliseconds{5'000}) {
    const auto sent = peer_.send_binary("c", bytes);
    ASSERT_EQ(sent.value("ok", false), true) << sent.dump();
    const auto got = peer_.recv("c", timeout);
    ASSERT_EQ(got.value("ok", false), true) << got.dump();
    ASSERT_EQ(got.value("type", ""), "binary");
    EXPECT_EQ(got.value("size", -1L), static_cast<long>(bytes.size()));
    EXPECT_TRUE(python_peer::binary_data(got) == bytes)
        << "binary of " << bytes.size() << " bytes differs";
  }

  std::optional<demo_server_process> server_;
  python_peer peer_;
  json extensions_;
};

TEST_P(EchoTest, NegotiatesCompressionOnlyWhenBothSidesWantIt) {
  if (GetParam() == compression_mode::both) {
    EXPECT_EQ(extensions_, json::array({"PerMessageDeflate"}));
  } else {
    EXPECT_EQ(extensions_, json::array());
  }
}

TEST_P(EchoTest, Text) {
  expect_text_echo("Hello world!");
}

TEST_P(EchoTest, Binary) {
  expect_binary_echo(std::string("\x00\x01\x02\xfe\xff binary", 12));
}

TEST_P(EchoTest, EmptyText) {
  expect_text_echo("");
}

TEST_P(EchoTest, EmptyBinary) {
  expect_binary_echo("");
}

TEST_P(EchoTest, MultiByteUtf8Text) {
  // 2-, 3- and 4-byte sequences: "é", "✓", "😀".
  expect_text_echo("h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9f\x98\x80");
}

TEST_P(EchoTest, Text64KiB) {
  std::string text;
  for (std::size_t i = 0; text.size() < 65536; ++i) {
    text += static_cast<char>('a' + i % 26);
  }
  expect_text_echo(text);
}

TEST_P(EchoTest, Binary64KiB) {
  expect_binary_echo(random_bytes(65536));
}

TEST_P(EchoTest, TextOfExactlyMaxMessageSize) {
  std::string text;
  text.reserve(max_message_bytes);
  for (std::size_t i = 0; text.size() < max_message_bytes; ++i) {
    text += static_cast<char>('0' + i % 10);
  }
  expect_text_echo(text, large_recv_timeout);
}

TEST_P(EchoTest, BinaryOfExactlyMaxMessageSizeArrivesIntact) {
  expect_binary_echo(random_bytes(max_message_bytes), large_recv_timeout);
}

TEST_P(EchoTest, SeveralMessagesComeBackInOrder) {
  // All sent before any is read, mixing text and binary, so that the order is the server's.
  std::vector<std::pair<bool, std::string>> messages;
  for (int i = 0; i < 20; ++i) {
    const bool is_text = i % 3 != 2;
    messages.emplace_back(is_text, (is_text ? "message " : "bytes ") + std::to_string(i));
  }
  for (const auto& [is_text, data] : messages) {
    const auto sent = is_text ? peer_.send_text("c", data) : peer_.send_binary("c", data);
    ASSERT_EQ(sent.value("ok", false), true) << sent.dump();
  }
  for (const auto& [is_text, data] : messages) {
    const auto got = peer_.recv("c");
    ASSERT_EQ(got.value("ok", false), true) << got.dump();
    ASSERT_EQ(got.value("type", ""), is_text ? "text" : "binary") << data;
    EXPECT_EQ(is_text ? got.value("data", "") : python_peer::binary_data(got), data);
  }
}

TEST_P(EchoTest, ClosesCleanlyWhenTheClientCloses) {
  expect_text_echo("before close");
  const auto closed = peer_.close("c", 1000, "bye");
  ASSERT_EQ(closed.value("ok", false), true) << closed.dump();
  // The server answers the closing handshake by echoing the client's code (RFC 6455 5.5.1).
  EXPECT_EQ(closed.value("code", 0), 1000) << closed.dump();
}

INSTANTIATE_TEST_SUITE_P(EchoCompression, EchoTest,
                         ::testing::Values(compression_mode::both, compression_mode::server_off,
                                           compression_mode::client_off),
                         [](const ::testing::TestParamInfo<compression_mode>& param) {
                           return mode_name(param.param);
                         });

// Two connections on one server do not see each other's messages.
TEST(EchoIsolation, EachClientGetsOnlyItsOwnMessages) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_EQ(peer.connect("a", server.ws_url("/echo")).value("ok", false), true);
  ASSERT_EQ(peer.connect("b", server.ws_url("/echo")).value("ok", false), true);
  ASSERT_EQ(peer.send_text("a", "from a").value("ok", false), true);
  ASSERT_EQ(peer.send_text("b", "from b").value("ok", false), true);
  EXPECT_EQ(peer.recv("a").value("data", ""), "from a");
  EXPECT_EQ(peer.recv("b").value("data", ""), "from b");
  // Nothing else is waiting on either connection.
  EXPECT_EQ(peer.recv("a", milliseconds{300}).value("error", ""), "timeout");
  EXPECT_EQ(peer.recv("b", milliseconds{300}).value("error", ""), "timeout");
}

}  // namespace
}  // namespace wsclient::test
