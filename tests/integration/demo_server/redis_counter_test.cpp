// /counter over Redis (--redis): two demo-server processes on one real redis-server share the
// value and the users count; a killed node's users vanish; Redis going away and coming back.
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat_client.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "redis_node.hpp"
#include "redis_process.hpp"
#include "run_program.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;

json users(int count) {
  return json{{"type", "users"}, {"count", count}};
}
json state(long value) {
  return json{{"type", "state"}, {"value", value}};
}

class RedisCounter : public ::testing::Test {
 protected:
  redis_process redis_;
  redis_node a_{redis_};
  redis_node b_{redis_};
  python_peer peer_;
  chat_client a1_{peer_, "a1"};
  chat_client b1_{peer_, "b1"};

  // a1 on node A, then b1 on node B: each greeted with the total and the value.
  void connect_both(long value) {
    ASSERT_TRUE(a1_.connect(a_.server.ws_url("/counter")));
    EXPECT_EQ(a1_.next(), users(1));
    EXPECT_EQ(a1_.next(), state(value));
    ASSERT_TRUE(b1_.connect(b_.server.ws_url("/counter")));
    EXPECT_EQ(b1_.next(), users(2));
    EXPECT_EQ(b1_.next(), state(value));
    EXPECT_EQ(a1_.next(), users(2));
  }
};

TEST_F(RedisCounter, EveryNodeSendsTheSameSequenceOfStates) {
  connect_both(0);
  // Both nodes change the value at once: Redis orders the changes, and both clients see that
  // one order.
  constexpr int rounds = 20;
  for (int i = 0; i < rounds; ++i) {
    a1_.send(R"({"action":"plus"})");
    b1_.send(i % 2 == 0 ? R"({"action":"plus"})" : R"({"action":"minus"})");
  }
  std::vector<json> seen_a;
  std::vector<json> seen_b;
  for (int i = 0; i < 2 * rounds; ++i) {
    seen_a.push_back(a1_.next_of("state"));
    seen_b.push_back(b1_.next_of("state"));
  }
  EXPECT_EQ(seen_a, seen_b);
  EXPECT_EQ(seen_a.back(), state(rounds));
  a1_.expect_nothing_more();
  b1_.expect_nothing_more();
}

TEST_F(RedisCounter, AKilledNodesUsersVanishFromTheCount) {
  connect_both(0);
  ASSERT_TRUE(peer_.connect("a2", a_.server.ws_url("/counter")).value("ok", false));
  EXPECT_EQ(a1_.next(), users(3));
  EXPECT_EQ(b1_.next(), users(3));
  a_.server.process().send_signal(SIGKILL);
  // Its key expires (3 s) and B's next heartbeat (every second) publishes the new total.
  EXPECT_EQ(b1_.next(milliseconds{8'000}), users(1));
}

TEST_F(RedisCounter, RedisGoingAwayIsReportedAndRecoveredFrom) {
  connect_both(0);
  a1_.send(R"({"action":"plus"})");
  EXPECT_EQ(a1_.next(), state(1));
  EXPECT_EQ(b1_.next(), state(1));

  redis_.kill();
  a_.wait_for_log("lost the connection to Redis");
  a1_.send(R"({"action":"plus"})");
  const auto error = a1_.next_of("error");
  EXPECT_NE(error.value("message", "").find("unavailable"), std::string::npos) << error;
  // /echo does not need Redis.
  ASSERT_TRUE(peer_.connect("echo", a_.server.ws_url("/echo")).value("ok", false));
  peer_.send_text("echo", "still here");
  EXPECT_EQ(peer_.recv("echo").value("data", ""), "still here");

  redis_.start();
  // Back: both nodes announce their users again (the total is 2 once both have), and the
  // value Redis kept carries on.
  for (auto got = a1_.next(milliseconds{8'000}); got != users(2);
       got = a1_.next(milliseconds{8'000})) {
    ASSERT_EQ(got.value("type", ""), "users") << got;
  }
  a1_.send(R"({"action":"plus"})");
  auto got = a1_.next();
  while (got.value("type", "") == "users") {
    got = a1_.next();
  }
  EXPECT_EQ(got, state(2));
}

TEST(RedisOptions, ABadRedisUrlIsRefusedWithStatus2) {
  for (const std::string url : {"http://127.0.0.1:6379", "redis://", "redis://host:0",
                                "redis://host:99999", "redis://user@host", "unix://relative"}) {
    const auto result = run({WSCLIENT_DEMO_SERVER_EXE, "--port", "0", "--redis", url});
    EXPECT_EQ(result.status, 2) << url << ": " << result.text();
    ASSERT_EQ(result.output.size(), 1U) << result.text();
    EXPECT_NE(result.output[0].find("--redis"), std::string::npos) << result.output[0];
  }
}

}  // namespace
}  // namespace wsclient::test
