// The tracked store alone: ids, bounds and overflow, and how positions tell a connection's
// unsent tracked messages apart from untracked ones.
#include "tracked_store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsclient::detail {
namespace {

message text(std::string s) {
  return {message_kind::text, std::move(s)};
}

std::vector<std::string> pending(const tracked_store& store) {
  std::vector<std::string> out;
  store.for_each([&](tracked_store::sequence, const message& m, bool) { out.push_back(m.data); });
  return out;
}

using strings = std::vector<std::string>;

TEST(TrackedStore, KeepsMessagesInOrderUntilAcknowledged) {
  tracked_store store{tracking_options{}};
  EXPECT_EQ(store.add("a", text("1")).refused, errc{});
  EXPECT_EQ(store.add("b", text("22")).refused, errc{});
  EXPECT_EQ(store.add("c", text("333")).refused, errc{});
  EXPECT_EQ(store.bytes(), 6U);
  EXPECT_TRUE(store.acknowledge("b"));
  EXPECT_FALSE(store.acknowledge("b"));  // once
  EXPECT_FALSE(store.acknowledge("unknown"));
  EXPECT_EQ(pending(store), (strings{"1", "333"}));
  EXPECT_EQ(store.bytes(), 4U);
}

TEST(TrackedStore, RefusesAnEmptyOrPendingIdButTakesItAgainOnceAcknowledged) {
  tracked_store store{tracking_options{}};
  EXPECT_EQ(store.add("", text("x")).refused, errc::invalid_tracking_id);
  EXPECT_EQ(store.add("a", text("x")).refused, errc{});
  EXPECT_EQ(store.add("a", text("y")).refused, errc::invalid_tracking_id);
  EXPECT_EQ(pending(store), (strings{"x"}));
  store.acknowledge("a");
  EXPECT_EQ(store.add("a", text("y")).refused, errc{});
}

TEST(TrackedStore, RejectNewRefusesOverTheCountOrByteLimit) {
  tracked_store store{tracking_options{2, 5, overflow_policy::reject_new}};
  EXPECT_EQ(store.add("a", text("12")).refused, errc{});
  EXPECT_EQ(store.add("b", text("1234")).refused, errc::tracking_full);  // 6 bytes > 5
  EXPECT_EQ(store.add("c", text("123")).refused, errc{});
  EXPECT_EQ(store.add("d", text("")).refused, errc::tracking_full);        // 3 messages > 2
  EXPECT_EQ(store.add("e", text("123456")).refused, errc::tracking_full);  // alone too big
  EXPECT_EQ(pending(store), (strings{"12", "123"}));
}

TEST(TrackedStore, DropOldestForgetsTheOldestToMakeRoom) {
  tracked_store store{tracking_options{2, 100, overflow_policy::drop_oldest}};
  store.add("a", text("1"));
  store.add("b", text("2"));
  const auto r = store.add("c", text("3"));
  EXPECT_EQ(r.refused, errc{});
  EXPECT_EQ(r.dropped, 1U);
  EXPECT_EQ(pending(store), (strings{"2", "3"}));
  EXPECT_FALSE(store.acknowledge("a"));  // forgotten
  EXPECT_EQ(store.add("d", text(std::string(101, 'x'))).refused, errc::tracking_full);
}

TEST(TrackedStore, PositionsSayWhichHandedMessagesWereTrackedUntilTheNextConnection) {
  tracked_store store{tracking_options{}};
  const auto a = store.add("a", text("1")).seq;
  const auto b = store.add("b", text("2")).seq;
  store.handed(a, 0);  // position 1 was an untracked message
  store.handed(b, 2);
  EXPECT_TRUE(store.handed_at(0));
  EXPECT_FALSE(store.handed_at(1));
  EXPECT_TRUE(store.handed_at(2));
  store.acknowledge("b");
  EXPECT_FALSE(store.handed_at(2));  // acknowledged: nothing to resend
  std::vector<bool> sent_before;
  store.new_connection();
  EXPECT_FALSE(store.handed_at(0));
  store.for_each(
      [&](tracked_store::sequence, const message&, bool s) { sent_before.push_back(s); });
  EXPECT_EQ(sent_before, std::vector<bool>{true});
  const auto all = store.take_all();
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].id, "a");
  EXPECT_EQ(all[0].data, "1");
  EXPECT_EQ(store.size(), 0U);
  EXPECT_EQ(store.bytes(), 0U);
}

}  // namespace
}  // namespace wsclient::detail
