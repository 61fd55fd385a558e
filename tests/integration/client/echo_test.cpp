// The native client against the demo server: every message kind and size, in order.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

class ClientEcho : public ::testing::Test {
 protected:
  demo_server_process server;
  client_recorder rec;
  std::unique_ptr<client> c;

  void start(client_options o = {}) {
    c = std::make_unique<client>(std::move(o));
    rec.attach(*c);
    ASSERT_FALSE(c->connect(server.ws_url("/echo")));
    ASSERT_EQ(rec.wait_for("open").kind, "open");
  }
};

TEST_F(ClientEcho, TextBinaryAndEmptyMessagesComeBackUnchanged) {
  start();
  EXPECT_EQ(c->state(), connection_state::open);
  EXPECT_EQ(c->send_text("hello").status, send_status::sent);
  EXPECT_EQ(c->send_binary(std::string("\0\1\2\xff", 4)).status, send_status::sent);
  EXPECT_EQ(c->send_text("").status, send_status::sent);
  EXPECT_EQ(c->send_binary(std::string_view()).status, send_status::sent);
  EXPECT_EQ(c->send_text("h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9f\x98\x80").status,
            send_status::sent);
  ASSERT_TRUE(rec.wait([](const auto& es) {
    return std::count_if(es.begin(), es.end(),
                         [](const auto& e) { return e.kind == "text" || e.kind == "binary"; }) == 5;
  }));
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& e : rec.all()) {
    if (e.kind == "text" || e.kind == "binary") {
      got.emplace_back(e.kind, e.data);
    }
  }
  const std::vector<std::pair<std::string, std::string>> expected{
      {"text", "hello"},
      {"binary", std::string("\0\1\2\xff", 4)},
      {"text", ""},
      {"binary", ""},
      {"text", "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9f\x98\x80"}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(rec.wait_for("open").open.extensions.find("permessage-deflate"), 0U);
}

TEST_F(ClientEcho, LargeMessagesUpToTheServerLimit) {
  start();
  std::mt19937 rng(1);
  std::string big(1 << 20, '\0');  // the demo server's default limit: 1 MiB
  for (auto& ch : big) {
    ch = static_cast<char>(rng());
  }
  const std::string text64k(64 * 1024, 'x');
  c->send_text(text64k);
  c->send_binary(big);
  ASSERT_EQ(rec.wait_for("binary").kind, "binary");
  const auto all = rec.all();
  std::vector<std::string> payloads;
  for (const auto& e : all) {
    if (e.kind == "text" || e.kind == "binary") {
      payloads.push_back(e.data);
    }
  }
  ASSERT_EQ(payloads.size(), 2U);
  EXPECT_EQ(payloads[0], text64k);
  EXPECT_TRUE(payloads[1] == big) << "1 MiB binary differs";
  // Both echoes are back, so both writes completed (their completions ran first).
  EXPECT_EQ(c->buffered_amount(), 0U);
}

TEST_F(ClientEcho, ManyMessagesArriveInOrder) {
  start();
  for (int i = 0; i < 2000; ++i) {
    c->send_text(std::to_string(i));
  }
  ASSERT_EQ(rec.wait_for("text", 2000).kind, "text");
  const auto texts = rec.texts();
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(texts[static_cast<std::size_t>(i)], std::to_string(i));
  }
  const auto s = c->stats();
  EXPECT_EQ(s.messages_sent, 2000U);
  EXPECT_EQ(s.messages_received, 2000U);
}

TEST_F(ClientEcho, WithoutCompression) {
  client_options o;
  o.compression.enabled = false;
  start(o);
  EXPECT_EQ(rec.wait_for("open").open.extensions, "");
  c->send_text("plain");
  EXPECT_EQ(rec.wait_for("text").data, "plain");
}

TEST_F(ClientEcho, CleanCloseIsFinal) {
  start();
  ASSERT_FALSE(c->close(1000, "done"));
  const auto closed = rec.wait_for("close");
  ASSERT_EQ(closed.kind, "close");
  EXPECT_EQ(closed.close.code, 1000);
  EXPECT_TRUE(closed.close.was_clean);
  EXPECT_FALSE(closed.close.will_reconnect);
  EXPECT_EQ(closed.close.error, errc::closed_by_user);
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(c->send_text("after").status, send_status::refused);
}

}  // namespace
}  // namespace wsclient::test
