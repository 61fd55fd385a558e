// The chat's in-memory history: ids, the replay window and its truncation, the dedup index.
#include "chat_history.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace wsclient::demo {
namespace {

chat_message message(std::uint64_t id, const std::string& from = "a", std::string cid = "") {
  return {.id = id,
          .from = from,
          .text = "text " + std::to_string(id),
          .client_msg_id = cid.empty() ? "c" + std::to_string(id) : cid,
          .ts = "2026-12-01T21:49:44.586Z"};
}

std::vector<std::uint64_t> ids(const chat_replay& replay) {
  std::vector<std::uint64_t> out;
  for (const auto& m : replay.messages) {
    out.push_back(m.id);
  }
  return out;
}

using id_list = std::vector<std::uint64_t>;

TEST(ChatHistory, IdsMustIncrease) {
  chat_history history(10);
  EXPECT_TRUE(history.add(message(1)));
  EXPECT_TRUE(history.add(message(2)));
  EXPECT_FALSE(history.add(message(2)));
  EXPECT_FALSE(history.add(message(1)));
  EXPECT_EQ(history.last_id(), 2U);
  EXPECT_EQ(history.kept().size(), 2U);
}

TEST(ChatHistory, ReplayIsEverythingAfterSinceOldestFirst) {
  chat_history history(10);
  for (std::uint64_t id = 1; id <= 5; ++id) {
    history.add(message(id));
  }
  EXPECT_EQ(ids(history.after(0, 100)), (id_list{1, 2, 3, 4, 5}));
  EXPECT_EQ(ids(history.after(3, 100)), (id_list{4, 5}));
  EXPECT_EQ(ids(history.after(5, 100)), id_list{});
  EXPECT_EQ(ids(history.after(99, 100)), id_list{});
  EXPECT_FALSE(history.after(0, 100).truncated_oldest);
}

TEST(ChatHistory, ReplayOverTheLimitKeepsTheNewestAndSaysWhereItStarts) {
  chat_history history(10);
  for (std::uint64_t id = 1; id <= 5; ++id) {
    history.add(message(id));
  }
  const auto replay = history.after(0, 2);
  EXPECT_EQ(ids(replay), (id_list{4, 5}));
  EXPECT_EQ(replay.truncated_oldest, 4U);
  // Exactly at the limit: nothing left out.
  EXPECT_FALSE(history.after(3, 2).truncated_oldest);
}

TEST(ChatHistory, MessagesBeyondTheCapAreDroppedAndReportedAsTruncated) {
  chat_history history(3);
  for (std::uint64_t id = 1; id <= 5; ++id) {
    history.add(message(id));
  }
  EXPECT_EQ(history.kept().size(), 3U);
  EXPECT_EQ(ids(history.after(0, 100)), (id_list{3, 4, 5}));
  EXPECT_EQ(history.after(0, 100).truncated_oldest, 3U);
  EXPECT_EQ(history.after(1, 100).truncated_oldest, 3U);
  EXPECT_FALSE(history.after(2, 100).truncated_oldest);  // 3 is the next one it needs
}

TEST(ChatHistory, AHistoryThatStartsAfterOneCountsTheEarlierIdsAsDropped) {
  // A log compacted earlier starts at a later id.
  chat_history history(10);
  history.add(message(7));
  history.add(message(8));
  EXPECT_EQ(history.after(0, 100).truncated_oldest, 7U);
  EXPECT_FALSE(history.after(6, 100).truncated_oldest);
}

TEST(ChatHistory, FindsAMessageBySenderAndClientId) {
  chat_history history(10);
  history.add(message(1, "alice", "x"));
  history.add(message(2, "bob", "x"));
  ASSERT_NE(history.find("alice", "x"), nullptr);
  EXPECT_EQ(history.find("alice", "x")->id, 1U);
  EXPECT_EQ(history.find("bob", "x")->id, 2U);
  EXPECT_EQ(history.find("carol", "x"), nullptr);
  EXPECT_EQ(history.find("alice", "y"), nullptr);
}

TEST(ChatHistory, ClientIdsOfDroppedMessagesAreForgotten) {
  chat_history history(2);
  history.add(message(1, "alice", "x"));
  history.add(message(2, "alice", "y"));
  history.add(message(3, "alice", "z"));
  EXPECT_EQ(history.find("alice", "x"), nullptr);
  EXPECT_EQ(history.find("alice", "y")->id, 2U);
}

}  // namespace
}  // namespace wsclient::demo
