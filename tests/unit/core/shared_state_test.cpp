// What connect() and send_*() get in each phase, decided at once on the caller's thread, and
// how the session's moves (open, hook, end, give up, finish) change it.
#include "shared_state.hpp"

#include <gtest/gtest.h>

#include "manual_scheduler.hpp"

namespace wsclient::detail {
namespace {

class SharedState : public ::testing::Test {
 protected:
  send_status send(const char* text) {
    return state.admit({message_kind::text, text}, clock).result.status;
  }

  std::vector<std::string> take() {
    std::vector<message> batch;
    state.take_ready(batch, true);
    std::vector<std::string> out;
    for (const auto& m : batch) {
      out.push_back(m.data);
    }
    return out;
  }

  static constexpr std::size_t low_water_mark = 4;
  test::manual_scheduler clock;
  shared_state state{outbox_options{}, tracking_options{}, low_water_mark};
};

using strings = std::vector<std::string>;

TEST_F(SharedState, SendsQueueBeforeOpenAndGoOutFirstOnceOpen) {
  EXPECT_EQ(send("before connect"), send_status::queued);
  EXPECT_FALSE(state.start());
  EXPECT_EQ(send("while connecting"), send_status::queued);
  state.opened(clock.now());
  EXPECT_EQ(send("open"), send_status::sent);
  EXPECT_EQ(take(), (strings{"before connect", "while connecting", "open"}));
}

TEST_F(SharedState, OnlyTheFirstSendOfABatchAsksForAFlush) {
  ASSERT_FALSE(state.start());
  state.opened(clock.now());
  EXPECT_TRUE(state.admit({message_kind::text, "a"}, clock).post_flush);
  EXPECT_FALSE(state.admit({message_kind::text, "b"}, clock).post_flush);
  take();
  EXPECT_TRUE(state.admit({message_kind::text, "c"}, clock).post_flush);
}

TEST_F(SharedState, ConnectIsRefusedWhileRunningAndUntilTheSessionHasFinished) {
  ASSERT_FALSE(state.start());
  EXPECT_EQ(state.start(), errc::already_started);
  state.stop();  // close(): sticky at once
  EXPECT_EQ(send("late"), send_status::refused);
  EXPECT_EQ(state.start(), errc::already_started);
  state.finished();
  EXPECT_FALSE(state.start());
  EXPECT_EQ(send("again"), send_status::queued);
}

TEST_F(SharedState, CloseBeforeConnectDiscardsTheOutboxAndLeavesNothingToFinish) {
  send("before close");
  state.stop();
  EXPECT_EQ(state.buffered_amount(), 0U);
  EXPECT_EQ(send("x"), send_status::refused);
  EXPECT_FALSE(state.start());
  send("after connect");
  state.finished();  // the session finishing the close() that came first
  EXPECT_EQ(send("still started"), send_status::queued);
  state.opened(clock.now());
  EXPECT_EQ(take(), (strings{"after connect", "still started"}));
}

TEST_F(SharedState, ACloseThatComesBeforeTheOpenKeepsSendsRefused) {
  ASSERT_FALSE(state.start());
  state.stop();
  state.opened(clock.now());
  EXPECT_EQ(send("x"), send_status::refused);
}

TEST_F(SharedState, HookSendsGoFirstOnlyFromTheEventContext) {
  ASSERT_FALSE(state.start());
  send("queued");
  state.opened(clock.now());
  state.open_hook_running(true);
  send("from another thread");
  clock.run_in_context([&] { send("auth"); });
  state.open_hook_running(false);
  clock.run_in_context([&] { send("after the hook"); });
  EXPECT_EQ(take(), (strings{"auth", "queued", "from another thread", "after the hook"}));
}

TEST_F(SharedState, UnsentMessagesGoBackToTheFrontWhenTheConnectionEnds) {
  ASSERT_FALSE(state.start());
  state.opened(clock.now());
  send("not yet taken");
  state.connection_ended({message{message_kind::text, "unsent"}}, clock.now());
  EXPECT_EQ(send("while down"), send_status::queued);
  state.opened(clock.now());
  EXPECT_EQ(take(), (strings{"unsent", "not yet taken", "while down"}));
}

TEST_F(SharedState, GivingUpRefusesSendsAndHandsBackTheOutbox) {
  ASSERT_FALSE(state.start());
  send("a");
  send("b");
  std::vector<tracked_message> unacknowledged;
  const auto unsent = state.give_up(unacknowledged);
  ASSERT_EQ(unsent.size(), 2U);
  EXPECT_EQ(unsent[1].data, "b");
  EXPECT_EQ(send("c"), send_status::refused);
  EXPECT_EQ(state.start(), errc::already_started);  // until finished()
}

TEST_F(SharedState, BufferedAmountCountsQueuedReadyAndInTransportBytes) {
  send("1234");
  ASSERT_FALSE(state.start());
  state.opened(clock.now());
  send("56");
  EXPECT_EQ(state.buffered_amount(), 6U);
  take();
  EXPECT_EQ(state.buffered_amount(), 6U);  // handed to the transport, not yet written
  state.written(4);
  EXPECT_EQ(state.buffered_amount(), 2U);
  state.finished();
  EXPECT_EQ(state.buffered_amount(), 0U);
}

TEST_F(SharedState, DrainIsDueOnceWhenWritesTakeTheBufferToTheLowWaterMark) {
  ASSERT_FALSE(state.start());
  state.opened(clock.now());
  send("123");  // 3 bytes: never above the mark (4), so no drain is due
  take();
  EXPECT_FALSE(state.written(3));
  send("123456");  // 6: above
  take();
  EXPECT_TRUE(state.written(2));   // 4 left: down to the mark
  EXPECT_FALSE(state.written(4));  // reported once per rise
  send("abcdefgh");
  take();
  EXPECT_FALSE(state.written(3));  // 5 left: still above
  EXPECT_TRUE(state.written(5));
}

TEST_F(SharedState, QueuedBytesThatAreDiscardedAreNotADrain) {
  ASSERT_FALSE(state.start());
  send("123456");
  state.stop();
  state.finished();
  ASSERT_FALSE(state.start());
  state.opened(clock.now());
  send("1");
  take();
  EXPECT_FALSE(state.written(1));
}

TEST_F(SharedState, StatsShowQueueDepthAndHowLongTheConnectionHasBeenOpen) {
  send("a");
  send("b");
  EXPECT_EQ(state.stats(clock.now()).queued_messages, 2U);
  EXPECT_EQ(state.stats(clock.now()).connected_for, milliseconds{0});
  ASSERT_FALSE(state.start());
  state.opened(clock.now());
  send("c");
  EXPECT_EQ(state.stats(clock.now()).queued_messages, 3U);  // handed over, not yet taken
  take();
  EXPECT_EQ(state.stats(clock.now()).queued_messages, 0U);
  clock.advance(milliseconds{1500});
  EXPECT_EQ(state.stats(clock.now()).connected_for, milliseconds{1500});
  state.connection_ended({}, clock.now());
  EXPECT_EQ(state.stats(clock.now()).connected_for, milliseconds{0});
  EXPECT_FALSE(state.stats(clock.now()).last_ping_rtt);
  state.ping_answered(std::chrono::microseconds{2500});
  EXPECT_EQ(state.stats(clock.now()).last_ping_rtt, std::chrono::microseconds{2500});
}

}  // namespace
}  // namespace wsclient::detail
