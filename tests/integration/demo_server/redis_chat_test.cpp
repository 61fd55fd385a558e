// /chat over Redis (--redis): two demo-server processes on one real redis-server share one
// room; messages reach every node once, in id order; CIDs are deduplicated across nodes; a
// killed node's users leave the presence; its clients fail over and resume with no gap.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat_client.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "redis_node.hpp"
#include "redis_process.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;

json presence(std::vector<std::string> users) {
  return json{{"type", "presence"}, {"users", users}};
}

// What one client has seen of the room.
struct view {
  std::vector<std::uint64_t> ids;
  std::map<std::uint64_t, std::string> cid_of;  ///< message id -> its CID
  std::map<std::string, std::uint64_t> acks;    ///< CID -> acknowledged id

  // Reads until it has seen `messages` messages and `acks` acks in all; checks that ids come
  // in order, each once, and that each ack follows its message.
  void read(chat_client& client, std::size_t messages, std::size_t ack_count) {
    while (ids.size() < messages || acks.size() < ack_count) {
      const auto got = client.next(milliseconds{8'000});
      if (!got.is_object()) {
        return;
      }
      const auto type = got.value("type", "");
      if (type == "message") {
        const auto id = got.value("id", std::uint64_t{0});
        EXPECT_TRUE(ids.empty() || id == ids.back() + 1) << client.id() << " got " << got;
        ids.push_back(id);
        cid_of[id] = got.value("client_msg_id", "");
      } else if (type == "ack") {
        const auto id = got.value("id", std::uint64_t{0});
        EXPECT_TRUE(cid_of.contains(id)) << client.id() << ": ack before its message " << got;
        acks[got.value("client_msg_id", "")] = id;
      } else {
        EXPECT_EQ(type, "presence") << client.id() << " got " << got;
      }
    }
  }
};

class RedisChat : public ::testing::Test {
 protected:
  redis_process redis_;
  redis_node a_{redis_};
  redis_node b_{redis_};
  python_peer peer_;
  chat_client ann_{peer_, "ann"};
  chat_client bob_{peer_, "bob"};

  // ann on A, bob on B, both in the presence.
  void join_both() {
    ASSERT_TRUE(ann_.connect(a_.server.ws_url("/chat")));
    EXPECT_TRUE(ann_.join_and_replay("ann", 0).empty());
    ASSERT_TRUE(bob_.connect(b_.server.ws_url("/chat")));
    EXPECT_TRUE(bob_.join_and_replay("bob", 0).empty());
    EXPECT_EQ(ann_.next(), presence({"ann", "bob"}));
  }
};

TEST_F(RedisChat, MessagesSaidOnBothNodesReachEveryoneOnceInIdOrder) {
  join_both();
  constexpr int each = 15;
  for (int i = 1; i <= each; ++i) {
    ann_.say("from A " + std::to_string(i), "a" + std::to_string(i));
    bob_.say("from B " + std::to_string(i), "b" + std::to_string(i));
  }
  view seen_by_ann;
  view seen_by_bob;
  seen_by_ann.read(ann_, 2 * each, each);
  seen_by_bob.read(bob_, 2 * each, each);
  EXPECT_EQ(seen_by_ann.ids, seen_by_bob.ids);
  ASSERT_EQ(seen_by_ann.ids.size(), 2U * each);
  EXPECT_EQ(seen_by_ann.ids.front(), 1U);
  EXPECT_EQ(seen_by_ann.cid_of, seen_by_bob.cid_of);
  ann_.expect_nothing_more();
  bob_.expect_nothing_more();

  // A newcomer on either node gets the same history.
  chat_client cat(peer_, "cat");
  ASSERT_TRUE(cat.connect(b_.server.ws_url("/chat")));
  const auto replay = cat.join_and_replay("cat", 10);
  ASSERT_EQ(replay.size(), 2U * each - 10);
  EXPECT_EQ(replay.front().value("id", 0), 11);
}

TEST_F(RedisChat, ACidIsStoredOnceWhicheverNodeItIsSentTo) {
  join_both();
  ann_.say("once", "same");
  view seen;
  seen.read(ann_, 1, 1);
  ASSERT_EQ(seen.acks["same"], 1U);
  (void)bob_.next_of("message");

  // The same NAME on the other node resends it: acknowledged with the original id only.
  chat_client ann_on_b(peer_, "ann-b");
  ASSERT_TRUE(ann_on_b.connect(b_.server.ws_url("/chat")));
  EXPECT_EQ(ann_on_b.join_and_replay("ann", 1).size(), 0U);
  EXPECT_EQ(bob_.next(), presence({"ann", "bob"}));  // every join announces the presence
  ann_on_b.say("once", "same");
  const auto ack = ann_on_b.next_of("ack");
  EXPECT_EQ(ack.value("id", 0), 1) << ack;
  ann_on_b.expect_nothing_more();
  bob_.expect_nothing_more();
}

TEST_F(RedisChat, AKilledNodesClientFailsOverAndResumesWithNoGap) {
  join_both();
  view ann_view;
  for (int i = 1; i <= 5; ++i) {
    ann_.say("before " + std::to_string(i), "a" + std::to_string(i));
  }
  ann_view.read(ann_, 5, 5);
  // Said just before the kill: stored or not, nobody can tell until the resend.
  ann_.say("in flight", "a6");
  a_.server.process().send_signal(SIGKILL);
  for (int i = 1; i <= 3; ++i) {
    bob_.say("meanwhile " + std::to_string(i), "b" + std::to_string(i));
  }

  // Its users leave the presence seen on B within a few seconds (its names key expires).
  for (auto got = bob_.next(milliseconds{8'000}); got != presence({"bob"});
       got = bob_.next(milliseconds{8'000})) {
    ASSERT_TRUE(got.is_object()) << "no presence without ann";
    EXPECT_NE(got.value("type", ""), "error") << got;
  }

  // ann fails over to B: joins with the last id it has and resends what has no ack.
  chat_client ann_again(peer_, "ann2");
  ASSERT_TRUE(ann_again.connect(b_.server.ws_url("/chat")));
  const auto last = ann_view.ids.back();
  for (const auto& message : ann_again.join_and_replay("ann", last)) {
    const auto id = message.value("id", std::uint64_t{0});
    EXPECT_EQ(id, ann_view.ids.back() + 1) << message;
    ann_view.ids.push_back(id);
    ann_view.cid_of[id] = message.value("client_msg_id", "");
  }
  ann_again.say("in flight", "a6");
  ann_view.read(ann_again, ann_view.ids.size(), 6);
  // Everything anyone said is there once: 5 + the resent one + 3.
  EXPECT_EQ(ann_view.ids.size(), 9U);
  std::map<std::string, int> copies;
  for (const auto& [id, cid] : ann_view.cid_of) {
    ++copies[cid];
  }
  EXPECT_EQ(copies.size(), 9U);
  EXPECT_EQ(copies["a6"], 1);
}

TEST_F(RedisChat, RedisGoingAwayIsReportedAndNothingAcknowledgedIsLost) {
  join_both();
  ann_.say("kept", "k1");
  view seen;
  seen.read(ann_, 1, 1);

  redis_.kill();
  a_.wait_for_log("lost the connection to Redis");
  ann_.say("while down", "k2");
  const auto error = ann_.next_of("error");
  EXPECT_NE(error.value("message", "").find("unavailable"), std::string::npos) << error;

  redis_.start();
  a_.wait_for_log("connected to Redis");
  ann_.say("while down", "k2");
  seen.read(ann_, 2, 2);
  EXPECT_EQ(seen.acks["k2"], 2U);
  // A newcomer gets both: what was acknowledged before the outage was kept.
  chat_client cat(peer_, "cat");
  ASSERT_TRUE(cat.connect(b_.server.ws_url("/chat")));
  EXPECT_EQ(cat.join_and_replay("cat", 0).size(), 2U);
}

}  // namespace
}  // namespace wsclient::test
