// What the application can learn about a live connection, against a server that writes exact
// bytes (tests/support/raw_ws_server): the upgrade response's headers, the round trip of a
// protocol ping, the connection's age, and the drain event that says the network took the bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "raw_ws_server.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

client_options quiet_options() {
  client_options o;
  o.liveness.ping_interval = 0ms;
  o.reconnect.max_attempts = 1;
  return o;
}

/// Reads the client's frames until its close frame or the end of the connection.
void read_until_close(raw_connection& conn) {
  while (const auto f = conn.read_frame()) {
    if (f->opcode == close_opcode) {
      return;
    }
  }
}

TEST(ConnectionInfo, OpenInfoCarriesTheUpgradeResponseHeadersInOrder) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send(conn.upgrade_response("X-Served-By: raw\r\nX-Served-By: twice\r\n"));
    read_until_close(conn);
  });
  client c(quiet_options());
  std::promise<std::vector<header>> opened;
  c.on_open([&](const open_info& i) { opened.set_value(i.response_headers); });
  ASSERT_FALSE(c.connect(server.url()));
  auto f = opened.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  const auto headers = f.get();
  const auto at = [&](std::string_view name, std::string_view value) {
    return std::find(headers.begin(), headers.end(), header{name, value}) - headers.begin();
  };
  EXPECT_LT(at("Upgrade", "websocket"), static_cast<long>(headers.size()));
  EXPECT_LT(at("X-Served-By", "raw"), at("X-Served-By", "twice"));
  EXPECT_LT(at("X-Served-By", "twice"), static_cast<long>(headers.size()));
  const auto accept = std::find_if(headers.begin(), headers.end(), [](const header& h) {
    return h.first == "Sec-WebSocket-Accept";
  });
  ASSERT_NE(accept, headers.end());
  EXPECT_EQ(accept->second.size(), 28U);  // base64 of a SHA-1 (RFC 6455 section 4.2.2)
  c.close();
}

TEST(ConnectionInfo, StatsCarryThePingRoundTripAndTheConnectionsAge) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send(conn.upgrade_response());
    const auto ping = conn.read_frame();
    if (!ping || ping->opcode != ping_opcode) {
      conn.send(server_frame(text_opcode, "expected a ping"));
      return;
    }
    // The message after the pong tells the test that the pong has been read: frames of one
    // connection reach the application in order.
    conn.send(server_frame(pong_opcode, ping->payload) + server_frame(text_opcode, "after pong"));
    read_until_close(conn);
  });
  auto options = quiet_options();
  options.liveness.ping_interval = 50ms;
  client c(options);
  std::promise<std::string> message;
  c.on_message([&](const message_view& m) { message.set_value(std::string(m.data)); });
  EXPECT_FALSE(c.stats().last_ping_rtt);
  ASSERT_FALSE(c.connect(server.url()));
  auto f = message.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(f.get(), "after pong");
  const auto s = c.stats();
  ASSERT_TRUE(s.last_ping_rtt);
  EXPECT_GT(s.last_ping_rtt->count(), 0);
  EXPECT_LT(*s.last_ping_rtt, std::chrono::seconds{10});
  EXPECT_GE(s.connected_for, 50ms);  // the ping went out 50 ms after the open
  c.close();
}

TEST(ConnectionInfo, DrainFiresOnceTheNetworkHasTakenALargeSend) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send(conn.upgrade_response());
    read_until_close(conn);
  });
  auto options = quiet_options();
  options.low_water_mark = 1024;
  client c(options);
  std::promise<std::size_t> drained;
  c.on_drain([&] { drained.set_value(c.buffered_amount()); });
  ASSERT_TRUE(c.send_text(std::string(std::size_t{4} << 20, 'x')));  // queued until open
  EXPECT_EQ(c.stats().queued_messages, 1U);
  ASSERT_FALSE(c.connect(server.url()));
  auto f = drained.get_future();
  ASSERT_EQ(f.wait_for(20s), std::future_status::ready);
  EXPECT_LE(f.get(), 1024U);
  EXPECT_EQ(c.stats().queued_messages, 0U);
  c.close();
}

}  // namespace
}  // namespace wsclient::test
