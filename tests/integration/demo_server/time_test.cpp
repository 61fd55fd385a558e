// /time through a real third-party client: ISO-8601 UTC times with microseconds, close to now,
// never going backwards, one independent stream per connection.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "timestamp_shape.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using sys_us = std::chrono::sys_time<std::chrono::microseconds>;

// A sanity bound, not a timing test: the message must be "now" to within a minute.
constexpr auto now_tolerance = std::chrono::seconds(60);
// With a 50 ms interval a message is due every 50 ms; this only catches a stream that stopped.
constexpr milliseconds recv_timeout{5'000};

// The time a message names; nullopt when it does not match the format or names no real date.
std::optional<sys_us> parse_time(const std::string& text) {
  if (!has_utc_timestamp_shape(text)) {
    return std::nullopt;
  }
  auto field = [&](std::size_t pos, std::size_t len) {
    return std::atoi(text.substr(pos, len).c_str());
  };
  const std::chrono::year_month_day date{std::chrono::year{field(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(field(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(field(8, 2))}};
  const int hour = field(11, 2);
  const int minute = field(14, 2);
  const int second = field(17, 2);
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  return sys_us{std::chrono::sys_days{date}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second} +
         std::chrono::microseconds{field(20, 6)};
}

class TimeTest : public ::testing::Test {
 protected:
  void start_server(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), "--test-hooks");
    server_.emplace(std::move(extra));
  }

  void connect(const std::string& id) {
    const auto answer = peer_.connect(id, server_->ws_url("/time"));
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
  }

  // Receives count messages on id, checks each one and that they never go backwards, and
  // returns their times.
  std::vector<sys_us> receive_times(const std::string& id, int count,
                                    milliseconds timeout = recv_timeout) {
    std::vector<sys_us> times;
    for (int i = 0; i < count; ++i) {
      const auto got = peer_.recv(id, timeout);
      if (got.value("ok", false) != true || got.value("type", "") != "text") {
        ADD_FAILURE() << "message " << i << " on " << id << ": " << got.dump();
        return times;
      }
      const std::string text = got.value("data", "");
      const auto time = parse_time(text);
      if (!time) {
        ADD_FAILURE() << "not an ISO-8601 UTC time with microseconds: '" << text << "'";
        return times;
      }
      const auto now =
          std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
      EXPECT_LT(now - *time, now_tolerance) << text;
      EXPECT_LT(*time - now, now_tolerance) << text;
      if (!times.empty()) {
        EXPECT_GE(*time, times.back()) << "time went backwards: " << text;
      }
      times.push_back(*time);
    }
    return times;
  }

  std::optional<demo_server_process> server_;
  python_peer peer_;
};

TEST(TimeFormat, ParserAcceptsOnlyTheProtocolFormat) {
  // The helper above is what every other test relies on: check that it can say no.
  EXPECT_TRUE(parse_time("2026-11-25T17:29:00.123456Z"));
  EXPECT_FALSE(parse_time("2026-11-25T17:29:00.123Z"));
  EXPECT_FALSE(parse_time("2026-11-25 17:29:00.123456Z"));
  EXPECT_FALSE(parse_time("2026-11-25T17:29:00.123456+00:00"));
  EXPECT_FALSE(parse_time("2026-13-25T17:29:00.123456Z"));
  EXPECT_FALSE(parse_time("2026-11-25T17:29:00.123456Z\n"));
}

TEST_F(TimeTest, FixedIntervalStreamsValidNonDecreasingTimes) {
  start_server({"--time-interval-ms", "50"});
  connect("c");
  const auto times = receive_times("c", 10);
  EXPECT_EQ(times.size(), 10U);
}

TEST_F(TimeTest, DefaultRandomIntervalStillDelivers) {
  // The seed's 0-3 s random interval: the first time comes on connect, the next within 3 s.
  start_server();
  connect("c");
  const auto times = receive_times("c", 3, milliseconds{10'000});
  EXPECT_EQ(times.size(), 3U);
}

TEST_F(TimeTest, EachClientGetsItsOwnStream) {
  start_server({"--time-interval-ms", "50"});
  connect("a");
  connect("b");
  EXPECT_EQ(receive_times("a", 5).size(), 5U);
  EXPECT_EQ(receive_times("b", 5).size(), 5U);

  // Closing one stream leaves the other running.
  const auto closed = peer_.close("a");
  ASSERT_EQ(closed.value("ok", false), true) << closed.dump();
  EXPECT_EQ(receive_times("b", 5).size(), 5U);

  // A client that arrives later starts its own stream at once.
  connect("c");
  EXPECT_EQ(receive_times("c", 3).size(), 3U);
  EXPECT_EQ(receive_times("b", 3).size(), 3U);
}

TEST_F(TimeTest, MessagesFromTheClientDoNotBreakTheStream) {
  start_server({"--time-interval-ms", "50"});
  connect("c");
  ASSERT_EQ(receive_times("c", 2).size(), 2U);
  ASSERT_EQ(peer_.send_text("c", "what time is it?").value("ok", false), true);
  ASSERT_EQ(peer_.send_binary("c", std::string("\x00\xff", 2)).value("ok", false), true);
  ASSERT_EQ(peer_.send_text("c", "").value("ok", false), true);
  // The server ignores them (as the seed's time server never reads) and keeps sending times,
  // which are not echoes of what was sent.
  EXPECT_EQ(receive_times("c", 5).size(), 5U);
  const auto pong = peer_.ping("c", milliseconds{5'000});
  EXPECT_EQ(pong.value("pong", false), true) << pong.dump();
  const auto state = peer_.state("c");
  EXPECT_EQ(state.value("open", false), true) << state.dump();
}

}  // namespace
}  // namespace wsclient::test
