// The native client against Python `websockets` servers (the seed's echo and counter), a
// WebSocket stack written by others.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "client_recorder.hpp"
#include "wsclient/client.hpp"

#ifndef WSCLIENT_TEST_PYTHON
#error "WSCLIENT_TEST_PYTHON must name the Python that has python3-websockets"
#endif
#ifndef WSCLIENT_TEST_SEED_SERVERS
#error "WSCLIENT_TEST_SEED_SERVERS must be the path of tests/peers/seed_servers.py"
#endif

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

class ClientInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto line = python.read_line(20s);
    ASSERT_TRUE(line && line->starts_with("listening on ")) << line.value_or("<none>");
    base = "ws://127.0.0.1:" + line->substr(line->rfind(':') + 1);
  }

  child_process python{{WSCLIENT_TEST_PYTHON, WSCLIENT_TEST_SEED_SERVERS, "0"}};
  std::string base;
};

TEST_F(ClientInterop, EchoWithAPythonServer) {
  client_recorder rec;
  client c;
  rec.attach(c);
  ASSERT_FALSE(c.connect(base + "/echo"));
  ASSERT_EQ(rec.wait_for("open").kind, "open");
  EXPECT_NE(rec.wait_for("open").open.extensions.find("permessage-deflate"), std::string::npos);
  const std::string big(300'000, 'z');
  c.send_text("h\xc3\xa9llo");
  c.send_binary(std::string("\0\xff", 2));
  c.send_text(big);
  ASSERT_EQ(rec.wait_for("text", 2).kind, "text");
  EXPECT_EQ(rec.texts(), (std::vector<std::string>{"h\xc3\xa9llo", big}));
  EXPECT_EQ(rec.wait_for("binary").data, std::string("\0\xff", 2));
  ASSERT_FALSE(c.close());
  const auto closed = rec.wait_for("close");
  EXPECT_EQ(closed.close.code, 1000);
  EXPECT_TRUE(closed.close.was_clean);
}

TEST_F(ClientInterop, CounterWithAPythonServer) {
  client_recorder a_rec;
  client_recorder b_rec;
  client a;
  client b;
  a_rec.attach(a);
  b_rec.attach(b);
  ASSERT_FALSE(a.connect(base + "/counter"));
  ASSERT_EQ(a_rec.wait_for("text", 2).kind, "text");  // users 1, state 0
  ASSERT_FALSE(b.connect(base + "/counter"));
  ASSERT_EQ(b_rec.wait_for("text", 2).kind, "text");
  a.send_text(R"({"action":"plus"})");
  b.send_text(R"({"action":"plus"})");
  a.send_text(R"({"action":"minus"})");
  const auto value_of = [](const std::vector<std::string>& texts) {
    std::vector<int> values;
    for (const auto& t : texts) {
      const auto j = json::parse(t);
      if (j["type"] == "state") {
        values.push_back(j["value"].get<int>());
      }
    }
    return values;
  };
  // b joined after a: a saw users 1 then 2; both see the three changes in the same order.
  ASSERT_TRUE(b_rec.wait(
      [&](const auto& es) { return value_of(client_recorder::texts_of(es)).size() == 4; }));
  ASSERT_TRUE(a_rec.wait(
      [&](const auto& es) { return value_of(client_recorder::texts_of(es)).size() == 4; }));
  EXPECT_EQ(value_of(a_rec.texts()), value_of(b_rec.texts()));
  EXPECT_EQ(value_of(a_rec.texts()).back(), 1);
  EXPECT_EQ(json::parse(a_rec.texts()[2]), json::parse(R"({"type":"users","count":2})"));
}

TEST_F(ClientInterop, ReconnectsWhenThePythonServerRestarts) {
  client_options o;
  o.reconnect.initial_delay = 50ms;
  o.reconnect.max_delay = 200ms;
  client_recorder rec;
  client c(o);
  rec.attach(c);
  ASSERT_FALSE(c.connect(base + "/echo"));
  ASSERT_EQ(rec.wait_for("open").kind, "open");
  const auto port = base.substr(base.rfind(':') + 1);
  python.send_signal(SIGTERM);  // closes with 1001 going away: retryable
  ASSERT_TRUE(python.wait_exit(10s));
  const auto closed = rec.wait_for("close");
  EXPECT_EQ(closed.close.code, 1001);
  EXPECT_TRUE(closed.close.will_reconnect);
  c.send_text("after restart");
  child_process again{{WSCLIENT_TEST_PYTHON, WSCLIENT_TEST_SEED_SERVERS, port}};
  ASSERT_TRUE(again.read_line(20s));
  ASSERT_EQ(rec.wait_for("open", 2).kind, "open");
  EXPECT_EQ(rec.wait_for("text").data, "after restart");
}

TEST_F(ClientInterop, SubprotocolAndCustomHeadersReachThePythonServer) {
  client_options o;
  o.subprotocols = {"chat", "v2.example"};
  o.headers = {{"Authorization", "Bearer abc"}, {"X-Trace", "42"}};
  client_recorder rec;
  client c(o);
  rec.attach(c);
  ASSERT_FALSE(c.connect(base + "/headers"));
  const auto opened = rec.wait_for("open");
  ASSERT_EQ(opened.kind, "open");
  EXPECT_EQ(opened.open.subprotocol, "chat");
  const auto seen = json::parse(rec.wait_for("text").data);
  EXPECT_EQ(seen["authorization"], "Bearer abc");
  EXPECT_EQ(seen["x-trace"], "42");
  EXPECT_EQ(seen["subprotocol"], "chat");
  EXPECT_EQ(seen["sec-websocket-protocol"], "chat, v2.example");
  EXPECT_EQ(seen["user-agent"], std::string("wsclient/") + WSCLIENT_VERSION);
}

// The tutorial's permessage-deflate settings (RFC 7692 window bits 11, memLevel 4) on both
// sides, as its Python client and server configure them.
TEST(ClientInteropDeflate, TheSeedsDeflateSettingsNegotiate) {
  child_process python{{WSCLIENT_TEST_PYTHON, WSCLIENT_TEST_SEED_SERVERS, "0", "--seed-deflate"}};
  const auto line = python.read_line(20s);
  ASSERT_TRUE(line && line->starts_with("listening on ")) << line.value_or("<none>");
  client_options o;
  o.compression.client_max_window_bits = 11;
  o.compression.server_max_window_bits = 11;
  o.compression.mem_level = 4;
  client_recorder rec;
  client c(o);
  rec.attach(c);
  ASSERT_FALSE(c.connect("ws://127.0.0.1:" + line->substr(line->rfind(':') + 1) + "/echo"));
  const auto opened = rec.wait_for("open");
  ASSERT_EQ(opened.kind, "open");
  EXPECT_NE(opened.open.extensions.find("permessage-deflate"), std::string::npos);
  EXPECT_NE(opened.open.extensions.find("server_max_window_bits=11"), std::string::npos)
      << opened.open.extensions;
  const std::string text(100'000, 'a');
  c.send_text(text);
  EXPECT_EQ(rec.wait_for("text").data, text);
}

}  // namespace
}  // namespace wsclient::test
