#include "outbox.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsclient::detail {
namespace {

using time_point = outbox::time_point;
const time_point t0 = time_point{} + std::chrono::hours(1);

message text(std::string s) {
  return {message_kind::text, std::move(s)};
}

std::vector<std::string> drain(outbox& box) {
  std::vector<message> out;
  box.take_all(out);
  std::vector<std::string> texts;
  for (auto& m : out) {
    texts.push_back(m.data);
  }
  return texts;
}

TEST(Outbox, KeepsOrderAndCountsBytes) {
  outbox box({});
  EXPECT_TRUE(box.push(text("a"), t0).queued);
  EXPECT_TRUE(box.push(text("bb"), t0).queued);
  EXPECT_TRUE(box.push({message_kind::binary, "ccc"}, t0).queued);
  EXPECT_EQ(box.size(), 3U);
  EXPECT_EQ(box.bytes(), 6U);
  EXPECT_EQ(drain(box), (std::vector<std::string>{"a", "bb", "ccc"}));
  EXPECT_TRUE(box.empty());
  EXPECT_EQ(box.bytes(), 0U);
}

TEST(Outbox, RejectNewRefusesWhenCountIsReached) {
  outbox_options o;
  o.max_messages = 2;
  outbox box(o);
  EXPECT_TRUE(box.push(text("1"), t0).queued);
  EXPECT_TRUE(box.push(text("2"), t0).queued);
  const auto r = box.push(text("3"), t0);
  EXPECT_FALSE(r.queued);
  EXPECT_EQ(r.dropped, 0U);
  EXPECT_EQ(drain(box), (std::vector<std::string>{"1", "2"}));
}

TEST(Outbox, RejectNewRefusesWhenBytesAreReached) {
  outbox_options o;
  o.max_bytes = 5;
  outbox box(o);
  EXPECT_TRUE(box.push(text("abc"), t0).queued);
  EXPECT_FALSE(box.push(text("abc"), t0).queued);
  EXPECT_TRUE(box.push(text("ab"), t0).queued);
  EXPECT_EQ(box.bytes(), 5U);
}

TEST(Outbox, DropOldestEvictsFromTheFront) {
  outbox_options o;
  o.max_messages = 3;
  o.overflow = overflow_policy::drop_oldest;
  outbox box(o);
  for (const char* s : {"1", "2", "3"}) {
    EXPECT_TRUE(box.push(text(s), t0).queued);
  }
  const auto r = box.push(text("4"), t0);
  EXPECT_TRUE(r.queued);
  EXPECT_EQ(r.dropped, 1U);
  EXPECT_EQ(drain(box), (std::vector<std::string>{"2", "3", "4"}));
}

TEST(Outbox, DropOldestEvictsAsManyAsTheBytesNeed) {
  outbox_options o;
  o.max_bytes = 6;
  o.overflow = overflow_policy::drop_oldest;
  outbox box(o);
  box.push(text("aa"), t0);
  box.push(text("bb"), t0);
  box.push(text("cc"), t0);
  const auto r = box.push(text("dddd"), t0);
  EXPECT_TRUE(r.queued);
  EXPECT_EQ(r.dropped, 2U);
  EXPECT_EQ(drain(box), (std::vector<std::string>{"cc", "dddd"}));
}

TEST(Outbox, AMessageLargerThanTheLimitIsAlwaysRefused) {
  outbox_options o;
  o.max_bytes = 4;
  o.overflow = overflow_policy::drop_oldest;
  outbox box(o);
  box.push(text("ab"), t0);
  EXPECT_FALSE(box.push(text("abcde"), t0).queued);
  EXPECT_EQ(drain(box), (std::vector<std::string>{"ab"}));  // nothing was evicted for it
}

TEST(Outbox, ZeroCapacityQueuesNothing) {
  outbox_options o;
  o.max_messages = 0;
  outbox box(o);
  EXPECT_FALSE(box.push(text("x"), t0).queued);
}

TEST(Outbox, TtlDropsOnlyMessagesThatWaitedTooLong) {
  outbox_options o;
  o.ttl = milliseconds(1000);
  outbox box(o);
  box.push(text("old"), t0);
  box.push(text("new"), t0 + milliseconds(600));
  EXPECT_EQ(box.expire(t0 + milliseconds(999)), 0U);
  EXPECT_EQ(box.expire(t0 + milliseconds(1000)), 1U);
  EXPECT_EQ(box.bytes(), 3U);
  EXPECT_EQ(drain(box), (std::vector<std::string>{"new"}));
}

TEST(Outbox, NoTtlKeepsEverything) {
  outbox box({});
  box.push(text("x"), t0);
  EXPECT_EQ(box.expire(t0 + std::chrono::hours(1000)), 0U);
  EXPECT_EQ(box.size(), 1U);
}

TEST(Outbox, PushFrontPutsMessagesBackAheadInOrder) {
  outbox_options o;
  o.max_messages = 2;
  outbox box(o);
  box.push(text("c"), t0);
  std::vector<message> back{text("a"), text("b")};
  box.push_front(std::move(back), t0);
  EXPECT_EQ(box.size(), 3U);  // limits do not apply to messages already accepted
  EXPECT_EQ(drain(box), (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace wsclient::detail
