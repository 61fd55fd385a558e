#include "counter_room.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "fake_connection.hpp"

namespace wsclient::demo {
namespace {

using strings = std::vector<std::string>;

std::string state(int value) {
  return R"({"type":"state","value":)" + std::to_string(value) + "}";
}
std::string users(int count) {
  return R"({"type":"users","count":)" + std::to_string(count) + "}";
}

TEST(CounterRoom, JoinSendsUsersToEveryoneThenStateToNewcomer) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  auto b = std::make_shared<fake_connection>(2);

  room.join(a);
  EXPECT_EQ(a->messages(), (strings{users(1), state(0)}));

  room.join(b);
  EXPECT_EQ(a->messages(), (strings{users(1), state(0), users(2)}));
  EXPECT_EQ(b->messages(), (strings{users(2), state(0)}));
  EXPECT_EQ(room.users(), 2U);
  for (const bool is_text : a->texts) {
    EXPECT_TRUE(is_text);
  }
}

TEST(CounterRoom, NewcomerSeesTheCurrentValue) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  room.join(a);
  EXPECT_EQ(room.handle(*a, R"({"action":"plus"})", true), "");
  EXPECT_EQ(room.handle(*a, R"({"action":"plus"})", true), "");

  auto b = std::make_shared<fake_connection>(2);
  room.join(b);
  EXPECT_EQ(b->messages(), (strings{users(2), state(2)}));
}

TEST(CounterRoom, PlusAndMinusBroadcastTheSameSequenceToAll) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  auto b = std::make_shared<fake_connection>(2);
  auto c = std::make_shared<fake_connection>(3);
  room.join(a);
  room.join(b);
  room.join(c);
  a->clear();
  b->clear();
  c->clear();

  EXPECT_EQ(room.handle(*a, R"({"action":"plus"})", true), "");
  EXPECT_EQ(room.handle(*b, R"({"action":"plus"})", true), "");
  EXPECT_EQ(room.handle(*c, R"({"action":"minus"})", true), "");
  EXPECT_EQ(room.handle(*a, R"({"action":"minus"})", true), "");
  EXPECT_EQ(room.handle(*a, R"({"action":"minus"})", true), "");

  const strings expected{state(1), state(2), state(1), state(0), state(-1)};
  EXPECT_EQ(a->messages(), expected);
  EXPECT_EQ(b->messages(), expected);
  EXPECT_EQ(c->messages(), expected);
  EXPECT_EQ(room.value(), -1);
}

TEST(CounterRoom, ExtraKeysAndWhitespaceAreAccepted) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  room.join(a);
  a->clear();
  EXPECT_EQ(room.handle(*a, " { \"id\": 7, \"action\" : \"plus\" } ", true), "");
  EXPECT_EQ(a->messages(), (strings{state(1)}));
}

TEST(CounterRoom, OnePayloadIsSharedByAllReceivers) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  auto b = std::make_shared<fake_connection>(2);
  room.join(a);
  room.join(b);
  a->clear();
  b->clear();

  room.handle(*b, R"({"action":"plus"})", true);
  ASSERT_EQ(a->payloads.size(), 1U);
  ASSERT_EQ(b->payloads.size(), 1U);
  EXPECT_EQ(a->payloads[0].get(), b->payloads[0].get());

  auto c = std::make_shared<fake_connection>(3);
  room.join(c);
  ASSERT_EQ(a->payloads.size(), 2U);
  EXPECT_EQ(a->payloads[1].get(), b->payloads[1].get());
  EXPECT_EQ(a->payloads[1].get(), c->payloads[0].get());
}

TEST(CounterRoom, LeaveUpdatesTheCountOfTheOthers) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  auto b = std::make_shared<fake_connection>(2);
  room.join(a);
  room.join(b);
  a->clear();
  b->clear();

  room.leave(*b);
  EXPECT_EQ(a->messages(), (strings{users(1)}));
  EXPECT_TRUE(b->messages().empty());
  EXPECT_EQ(room.users(), 1U);

  // After leaving, b no longer receives broadcasts.
  room.handle(*a, R"({"action":"plus"})", true);
  EXPECT_TRUE(b->messages().empty());
}

TEST(CounterRoom, LeaveOfAnUnknownMemberIsIgnored) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  fake_connection stranger(99);
  room.join(a);
  a->clear();

  room.leave(stranger);
  room.leave(*a);
  room.leave(*a);
  EXPECT_TRUE(a->messages().empty());
  EXPECT_EQ(room.users(), 0U);
}

TEST(CounterRoom, ExpiredMembersAreSkippedAndNotCounted) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  auto b = std::make_shared<fake_connection>(2);
  room.join(a);
  room.join(b);
  b.reset();  // ended without leave()
  EXPECT_EQ(room.users(), 1U);
  a->clear();

  room.handle(*a, R"({"action":"plus"})", true);
  EXPECT_EQ(a->messages(), (strings{state(1)}));

  auto c = std::make_shared<fake_connection>(3);
  room.join(c);
  EXPECT_EQ(c->messages(), (strings{users(2), state(1)}));
}

TEST(CounterRoom, RejoiningWithTheSameIdDoesNotDoubleCount) {
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  room.join(a);
  room.join(a);
  EXPECT_EQ(room.users(), 1U);
}

struct bad_input {
  const char* name;
  std::string data;
  bool is_text;
  const char* error_contains;
};

// Printed by name in test listings and failures instead of as raw bytes.
[[maybe_unused]] void PrintTo(const bad_input& c, std::ostream* os) {
  *os << c.name;
}

class CounterRoomBadInput : public ::testing::TestWithParam<bad_input> {};

TEST_P(CounterRoomBadInput, AnswersOnlyTheSenderAndKeepsTheState) {
  const auto& input = GetParam();
  counter_room room;
  auto a = std::make_shared<fake_connection>(1);
  auto b = std::make_shared<fake_connection>(2);
  room.join(a);
  room.join(b);
  room.handle(*a, R"({"action":"plus"})", true);
  a->clear();
  b->clear();

  const std::string error = room.handle(*a, input.data, input.is_text);
  EXPECT_NE(error.find(input.error_contains), std::string::npos) << error;
  EXPECT_EQ(room.value(), 1);
  EXPECT_EQ(room.users(), 2U);
  EXPECT_TRUE(b->messages().empty());
  EXPECT_EQ(a->closes, 0);
  ASSERT_EQ(a->payloads.size(), 1U);
  EXPECT_TRUE(a->texts[0]);

  // The reply is compact JSON with "type" first, and carries the returned text.
  const std::string& reply = *a->payloads[0];
  EXPECT_EQ(reply.rfind(R"({"type":"error","message":")", 0), 0U) << reply;
  const auto parsed = nlohmann::json::parse(reply, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << reply;
  EXPECT_EQ(parsed.size(), 2U);
  EXPECT_EQ(parsed.at("message").get<std::string>(), error);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CounterRoomBadInput,
    ::testing::Values(
        bad_input{"NotJson", "plus", true, "not valid JSON"},
        bad_input{"Truncated", R"({"action":"plus")", true, "not valid JSON"},
        bad_input{"Empty", "", true, "not valid JSON"},
        bad_input{"Array", R"(["plus"])", true, "not a JSON object"},
        bad_input{"Number", "42", true, "not a JSON object"},
        bad_input{"String", R"("plus")", true, "not a JSON object"},
        bad_input{"NoAction", R"({"type":"plus"})", true, "action"},
        bad_input{"ActionNotString", R"({"action":1})", true, "action"},
        bad_input{"ActionNull", R"({"action":null})", true, "action"},
        bad_input{"UnknownAction", R"({"action":"times"})", true, "unknown action \"times\""},
        bad_input{"ActionWrongCase", R"({"action":"PLUS"})", true, "unknown action"},
        bad_input{"QuotesInAction", R"({"action":"a\"b\\c\n"})", true, "unknown action"},
        bad_input{"LongAction", R"({"action":")" + std::string(1000, 'x') + "\"}", true, "..."},
        bad_input{"CutUtf8", R"({"action":")" + std::string(63, 'x') + "\xc3\xa9\"}", true,
                  "unknown action"},
        bad_input{"Binary", R"({"action":"plus"})", false, "binary"}),
    [](const ::testing::TestParamInfo<bad_input>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(CounterRoom, LongActionIsTruncatedInTheReply) {
  counter_room room;
  fake_connection a(1);
  const std::string error = room.handle(a, R"({"action":")" + std::string(1000, 'x') + "\"}", true);
  EXPECT_LT(error.size(), 200U);
}

}  // namespace
}  // namespace wsclient::demo
