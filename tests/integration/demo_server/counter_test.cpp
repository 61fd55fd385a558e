// /counter with three real third-party clients: the seed's users/state messages, the same
// sequence of states for everyone, and bad input answered with an error to its sender only.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo_server_process.hpp"
#include "python_peer.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;

const std::array<std::string, 3> client_names{"c1", "c2", "c3"};

json users(int count) {
  return json{{"type", "users"}, {"count", count}};
}
json state(long value) {
  return json{{"type", "state"}, {"value", value}};
}

class CounterTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.emplace(std::vector<std::string>{"--test-hooks"}); }

  // The next message on id, parsed; a JSON null (which no test expects) when there is none or
  // it is not JSON text, with the reason recorded as a failure.
  json next(const std::string& id, milliseconds timeout = milliseconds{5'000}) {
    const auto got = peer_.recv(id, timeout);
    if (got.value("ok", false) != true || got.value("type", "") != "text") {
      ADD_FAILURE() << "no text message on " << id << ": " << got.dump();
      return nullptr;
    }
    auto message = json::parse(got.value("data", ""), nullptr, false);
    if (message.is_discarded()) {
      ADD_FAILURE() << "not JSON on " << id << ": " << got.dump();
      return nullptr;
    }
    return message;
  }

  // Checks that nothing more is waiting on id. The wait is short: it is a last check for
  // stray messages, which the tests' ordering checks mostly catch already.
  void expect_nothing_more(const std::string& id) {
    const auto got = peer_.recv(id, milliseconds{300});
    EXPECT_EQ(got.value("error", ""), "timeout") << "unexpected on " << id << ": " << got.dump();
  }

  // Connects id and checks the seed's greeting: the users count (sent to everyone), then the
  // state (to the newcomer). Every client already connected gets the new users count too.
  void join(const std::string& id, const std::vector<std::string>& already, long value) {
    const auto answer = peer_.connect(id, server_->ws_url("/counter"));
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
    const int count = static_cast<int>(already.size()) + 1;
    EXPECT_EQ(next(id), users(count));
    EXPECT_EQ(next(id), state(value));
    for (const auto& other : already) {
      EXPECT_EQ(next(other), users(count)) << other;
    }
  }

  void join_all(long value = 0) {
    join("c1", {}, value);
    join("c2", {"c1"}, value);
    join("c3", {"c1", "c2"}, value);
  }

  void send(const std::string& id, const std::string& text) {
    const auto sent = peer_.send_text(id, text);
    ASSERT_EQ(sent.value("ok", false), true) << sent.dump();
  }

  // A plus from id; every client sees the new state, which is expected + 1.
  void plus_and_expect(const std::string& id, long expected) {
    send(id, R"({"action":"plus"})");
    for (const auto& client : client_names) {
      EXPECT_EQ(next(client), state(expected)) << client;
    }
  }

  std::optional<demo_server_process> server_;
  python_peer peer_;
};

TEST_F(CounterTest, NewClientGetsUsersThenState) {
  join_all();
  // A value other than 0 reaches the next newcomer.
  plus_and_expect("c1", 1);
  plus_and_expect("c2", 2);
  ASSERT_EQ(peer_.close("c3").value("ok", false), true);
  EXPECT_EQ(next("c1"), users(2));
  EXPECT_EQ(next("c2"), users(2));
  join("c3", {"c1", "c2"}, 2);
}

TEST_F(CounterTest, UsersCountIsBroadcastOnJoinAndLeave) {
  join_all();
  // A clean close.
  const auto closed = peer_.close("c2");
  ASSERT_EQ(closed.value("ok", false), true) << closed.dump();
  EXPECT_EQ(next("c1"), users(2));
  EXPECT_EQ(next("c3"), users(2));
  // A connection that dies without a close frame leaves too.
  const auto aborted = peer_.abort("c3");
  ASSERT_EQ(aborted.value("ok", false), true) << aborted.dump();
  EXPECT_EQ(next("c1"), users(1));
  // And the room fills up again.
  join("c2", {"c1"}, 0);
  join("c3", {"c1", "c2"}, 0);
  expect_nothing_more("c1");
}

TEST_F(CounterTest, PlusAndMinusReachEveryClientInTheSameOrder) {
  join_all();
  // Fired from two clients without waiting, so that the server interleaves them; whatever
  // order it picks, every client must see that one order.
  int pluses = 0;
  int minuses = 0;
  for (int i = 0; i < 20; ++i) {
    const bool plus = i % 3 != 0;
    send(i % 2 == 0 ? "c1" : "c2", plus ? R"({"action":"plus"})" : R"({"action":"minus"})");
    (plus ? pluses : minuses) += 1;
  }
  std::array<std::vector<long>, 3> seen;
  for (std::size_t c = 0; c < client_names.size(); ++c) {
    for (int i = 0; i < 20; ++i) {
      const auto message = next(client_names[c]);
      ASSERT_EQ(message.value("type", ""), "state") << client_names[c] << ": " << message.dump();
      ASSERT_EQ(message.size(), 2U) << message.dump();
      seen[c].push_back(message.at("value").get<long>());
    }
  }
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_EQ(seen[0], seen[2]);
  // Each state is one step from the one before, with as many steps up as pluses were sent.
  long previous = 0;
  int ups = 0;
  for (const long value : seen[0]) {
    ASSERT_TRUE(value == previous + 1 || value == previous - 1) << previous << " -> " << value;
    ups += value > previous ? 1 : 0;
    previous = value;
  }
  EXPECT_EQ(ups, pluses);
  EXPECT_EQ(previous, pluses - minuses);
  for (const auto& client : client_names) {
    expect_nothing_more(client);
  }
}

TEST_F(CounterTest, BadInputIsAnsweredWithAnErrorToTheSenderOnly) {
  join_all();
  plus_and_expect("c1", 1);
  long value = 1;
  const std::vector<std::string> bad_texts{
      "not json",
      R"({"action":"plus")",
      R"({"action":"bogus"})",
      "{}",
      "[]",
      R"({"action":5})",
      R"("plus")",
      "",
      R"({"action":"PLUS"})",
      R"({"Action":"plus"})",
  };
  auto expect_error_then_intact = [&](const std::string& what) {
    const auto error = next("c1");
    EXPECT_EQ(error.value("type", ""), "error") << what << ": " << error.dump();
    EXPECT_EQ(error.size(), 2U) << error.dump();
    EXPECT_TRUE(error.contains("message") && error["message"].is_string() &&
                !error["message"].get<std::string>().empty())
        << what << ": " << error.dump();
    // The connection still works and the state did not move: the next plus gives value + 1,
    // and for c2 and c3 that state is the very next message, so they got nothing before it.
    plus_and_expect("c1", ++value);
  };
  for (const auto& text : bad_texts) {
    SCOPED_TRACE("bad input: '" + text + "'");
    send("c1", text);
    expect_error_then_intact(text);
  }
  {
    SCOPED_TRACE("binary message");
    const auto sent = peer_.send_binary("c1", R"({"action":"plus"})");
    ASSERT_EQ(sent.value("ok", false), true) << sent.dump();
    expect_error_then_intact("binary");
  }
  for (const auto& client : client_names) {
    expect_nothing_more(client);
    EXPECT_EQ(peer_.state(client).value("open", false), true) << client;
  }
}

TEST_F(CounterTest, StateSurvivesAllClientsLeaving) {
  // The value lives in the server process, not in any connection.
  join("c1", {}, 0);
  send("c1", R"({"action":"minus"})");
  EXPECT_EQ(next("c1"), state(-1));
  send("c1", R"({"action":"minus"})");
  EXPECT_EQ(next("c1"), state(-2));
  ASSERT_EQ(peer_.close("c1").value("ok", false), true);
  // Nobody is left to observe c1's departure, and the server may finish it just after the
  // closing handshake: the newcomer may count c1 once more, but then sees it leave.
  ASSERT_EQ(peer_.connect("c2", server_->ws_url("/counter")).value("ok", false), true);
  const auto count = next("c2");
  ASSERT_TRUE(count == users(1) || count == users(2)) << count.dump();
  EXPECT_EQ(next("c2"), state(-2));
  if (count == users(2)) {
    EXPECT_EQ(next("c2"), users(1));
  }
  expect_nothing_more("c2");
}

}  // namespace
}  // namespace wsclient::test
