// The /chat room without sockets: replay then live, acks, dedup, presence, errors, and the
// join-while-storing race, over the real file store in a temporary directory.
#include "chat_room.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fake_connection.hpp"
#include "file_chat_store.hpp"
#include "temp_dir.hpp"

namespace wsclient::demo {
namespace {

using json = nlohmann::json;
using strings = std::vector<std::string>;

std::chrono::system_clock::time_point fixed_time() {
  // 2026-12-01T21:49:44.586Z, the protocol's example.
  return std::chrono::system_clock::time_point{std::chrono::milliseconds{1796161784586}};
}

std::string join(const std::string& name, std::uint64_t since = 0) {
  return json{{"type", "join"}, {"name", name}, {"since", since}}.dump();
}
std::string say(const std::string& text, const std::string& cid) {
  return json{{"type", "say"}, {"text", text}, {"client_msg_id", cid}}.dump();
}
std::string presence(const strings& users) {
  return R"({"type":"presence","users":)" + json(users).dump() + "}";
}
std::string message(std::uint64_t id, const std::string& from, const std::string& text,
                    const std::string& cid) {
  return R"({"type":"message","id":)" + std::to_string(id) + R"(,"from":")" + from +
         R"(","text":")" + text + R"(","client_msg_id":")" + cid +
         R"(","ts":"2026-12-01T21:49:44.586Z"})";
}
std::string ack(const std::string& cid, std::uint64_t id) {
  return R"({"type":"ack","client_msg_id":")" + cid + R"(","id":)" + std::to_string(id) + "}";
}

class ChatRoom : public ::testing::Test {
 protected:
  std::shared_ptr<fake_connection> connect() {
    auto conn = std::make_shared<fake_connection>(next_id_++);
    room_.open(conn);
    return conn;
  }

  test::temp_dir dir_{"chat_room_test"};
  logger log_{log_level::off};
  std::unique_ptr<chat_store> store_ = [this] {
    std::string error;
    return open_file_chat_store({.path = dir_.file("chat.log"), .fsync = false}, log_, error);
  }();
  chat_room room_{*store_, 3, fixed_time};
  std::uint64_t next_id_ = 1;
};

TEST_F(ChatRoom, JoinGetsPresenceThenSayIsSentToEveryoneAndAcknowledgedToTheSender) {
  auto a = connect();
  auto b = connect();
  EXPECT_EQ(room_.handle(*a, join("alice"), true), "");
  EXPECT_EQ(a->messages(), strings{presence({"alice"})});
  EXPECT_EQ(room_.handle(*b, join("bob"), true), "");
  EXPECT_EQ(a->messages(), (strings{presence({"alice"}), presence({"alice", "bob"})}));
  EXPECT_EQ(b->messages(), strings{presence({"alice", "bob"})});
  a->clear();
  b->clear();

  EXPECT_EQ(room_.handle(*a, say("hello", "c1"), true), "");
  EXPECT_EQ(a->messages(), (strings{message(1, "alice", "hello", "c1"), ack("c1", 1)}));
  EXPECT_EQ(b->messages(), strings{message(1, "alice", "hello", "c1")});
}

TEST_F(ChatRoom, AConnectionThatHasNotJoinedGetsNothing) {
  auto a = connect();
  auto watcher = connect();
  room_.handle(*a, join("alice"), true);
  room_.handle(*a, say("hello", "c1"), true);
  EXPECT_EQ(watcher->messages(), strings{});
}

TEST_F(ChatRoom, JoinReplaysWhatCameAfterSince) {
  auto a = connect();
  room_.handle(*a, join("alice"), true);
  room_.handle(*a, say("one", "c1"), true);
  room_.handle(*a, say("two", "c2"), true);
  auto b = connect();
  room_.handle(*b, join("bob", 1), true);
  EXPECT_EQ(b->messages(), (strings{message(2, "alice", "two", "c2"), presence({"alice", "bob"})}));
}

TEST_F(ChatRoom, AReplayOverTheLimitIsPrecededByTruncated) {
  auto a = connect();
  room_.handle(*a, join("alice"), true);
  for (int i = 1; i <= 5; ++i) {
    room_.handle(*a, say("m", "c" + std::to_string(i)), true);
  }
  auto b = connect();
  room_.handle(*b, join("bob"), true);  // the room replays 3 at most
  EXPECT_EQ(b->messages(), (strings{R"({"type":"truncated","oldest":3})",
                                    message(3, "alice", "m", "c3"), message(4, "alice", "m", "c4"),
                                    message(5, "alice", "m", "c5"), presence({"alice", "bob"})}));
}

TEST_F(ChatRoom, AResentSayIsAcknowledgedWithTheOriginalIdAndNotSentAgain) {
  auto a = connect();
  auto b = connect();
  room_.handle(*a, join("alice"), true);
  room_.handle(*b, join("bob"), true);
  room_.handle(*a, say("hello", "c1"), true);
  a->clear();
  b->clear();
  // As after a reconnect: the same name on a new connection.
  auto a2 = connect();
  room_.handle(*a2, join("alice", 1), true);
  a2->clear();
  b->clear();
  EXPECT_EQ(room_.handle(*a2, say("hello", "c1"), true), "");
  EXPECT_EQ(a2->messages(), strings{ack("c1", 1)});
  EXPECT_EQ(b->messages(), strings{});
  // Bob's c1 is another message.
  room_.handle(*b, say("hi", "c1"), true);
  EXPECT_EQ(b->messages(), (strings{message(2, "bob", "hi", "c1"), ack("c1", 2)}));
}

TEST_F(ChatRoom, LeavingSendsPresenceToTheOthers) {
  auto a = connect();
  auto b = connect();
  auto lurker = connect();
  room_.handle(*a, join("alice"), true);
  room_.handle(*b, join("bob"), true);
  a->clear();
  room_.leave(*lurker);  // never joined: nobody is told
  EXPECT_EQ(a->messages(), strings{});
  room_.leave(*b);
  EXPECT_EQ(a->messages(), strings{presence({"alice"})});
  EXPECT_EQ(room_.users(), strings{"alice"});
}

TEST_F(ChatRoom, PresenceNamesEachUserOnceInOrder) {
  auto z = connect();
  auto a1 = connect();
  auto a2 = connect();
  room_.handle(*z, join("zoe"), true);
  room_.handle(*a1, join("alice"), true);
  room_.handle(*a2, join("alice"), true);  // a second tab
  EXPECT_EQ(a2->messages(), strings{presence({"alice", "zoe"})});
  room_.leave(*a1);
  EXPECT_EQ(room_.users(), (strings{"alice", "zoe"}));
}

TEST_F(ChatRoom, BadInputIsAnsweredWithAnErrorAndChangesNothing) {
  auto a = connect();
  const auto error = [&](const std::string& data, bool is_text = true) {
    a->clear();
    const auto text = room_.handle(*a, data, is_text);
    EXPECT_EQ(a->messages(), strings{R"({"type":"error","message":)" + json(text).dump() + "}"})
        << data;
    return text;
  };
  EXPECT_EQ(error(say("early", "c1")), R"(join first: {"type":"join","name":NAME,"since":ID})");
  EXPECT_EQ(error("{oops"), "message is not valid JSON");
  EXPECT_EQ(error(join("alice"), false), "binary messages are not supported; send JSON text");
  EXPECT_EQ(room_.handle(*a, join("alice"), true), "");
  EXPECT_EQ(error(join("mallory")), R"(already joined as "alice"; one join per connection)");
  EXPECT_EQ(error(say(std::string(4097, 'x'), "c1")),
            R"("text" must be 1 to 4096 bytes long (it is 4097))");
  EXPECT_EQ(room_.users(), strings{"alice"});
  EXPECT_EQ(store_->last_id(), 0U);
  // The connection still works.
  a->clear();
  EXPECT_EQ(room_.handle(*a, say("fine", "c1"), true), "");
  EXPECT_EQ(a->messages(), (strings{message(1, "alice", "fine", "c1"), ack("c1", 1)}));
}

// The race the single lock is for: messages stored while clients join. Every joiner must see
// ids 1, 2, 3, ... with no gap and no duplicate, whatever it got from the replay and what live.
TEST_F(ChatRoom, JoinersSeeEveryMessageOnceWhileMessagesAreStored) {
  chat_room room{*store_, 100'000, fixed_time};
  auto talker = std::make_shared<fake_connection>(1);
  room.open(talker);
  room.handle(*talker, join("talker"), true);
  constexpr int total = 2000;
  std::atomic<bool> done{false};
  std::thread speaker([&] {
    for (int i = 1; i <= total; ++i) {
      room.handle(*talker, say("m", std::to_string(i)), true);
    }
    done = true;
  });
  std::vector<std::shared_ptr<fake_connection>> joiners;
  std::uint64_t id = 100;
  while (!done.load()) {
    auto joiner = std::make_shared<fake_connection>(id++);
    room.open(joiner);
    room.handle(*joiner, join("j" + std::to_string(id)), true);
    joiners.push_back(joiner);
  }
  speaker.join();
  ASSERT_FALSE(joiners.empty());
  for (const auto& joiner : joiners) {
    std::uint64_t expected = 1;
    for (const auto& text : joiner->messages()) {
      const auto m = json::parse(text);
      if (m["type"] == "message") {
        ASSERT_EQ(m["id"].get<std::uint64_t>(), expected) << "joiner " << joiner->id();
        ++expected;
      }
    }
    EXPECT_EQ(expected, static_cast<std::uint64_t>(total) + 1) << "joiner " << joiner->id();
  }
}

}  // namespace
}  // namespace wsclient::demo
