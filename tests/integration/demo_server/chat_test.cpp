// /chat over real WebSockets (the Python websockets peer): join, replay then live, acks,
// dedup across reconnects, presence, and bad input answered with an error on a kept
// connection (docs/protocol.md, "/chat").
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat_client.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "temp_dir.hpp"

namespace wsclient::test {
namespace {

using json = nlohmann::json;

json presence(const std::vector<std::string>& users) {
  return json{{"type", "presence"}, {"users", users}};
}

class ChatTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--chat-log", log_path_});
    server_.emplace(extra);
  }
  void SetUp() override { start(); }

  std::string url() const { return server_->ws_url("/chat"); }

  // Says text as client c and checks what the sender gets back: its message, then the ack.
  json say_and_ack(chat_client& c, const std::string& text, const std::string& cid) {
    c.say(text, cid);
    auto message = c.next_of("message");
    const auto ack = c.next_of("ack");
    EXPECT_EQ(ack, (json{{"type", "ack"}, {"client_msg_id", cid}, {"id", message["id"]}}));
    return message;
  }

  // Two joined clients, first then second: the first has seen the second arrive.
  void two_joined(chat_client& first, chat_client& second) {
    ASSERT_TRUE(first.connect(url()));
    first.join_and_replay(first.id(), 0);
    ASSERT_TRUE(second.connect(url()));
    second.join_and_replay(second.id(), 0);
    first.next_of("presence");
  }

  temp_dir dir_{"chat_test"};
  std::string log_path_ = dir_.file("chat.log");
  std::optional<demo_server_process> server_;
  python_peer peer_;
};

TEST_F(ChatTest, TwoClientsChat) {
  chat_client alice(peer_, "alice");
  chat_client bob(peer_, "bob");
  ASSERT_TRUE(alice.connect(url()));
  EXPECT_EQ(alice.join_and_replay("alice", 0), std::vector<json>{});
  ASSERT_TRUE(bob.connect(url()));
  EXPECT_EQ(bob.join_and_replay("bob", 0), std::vector<json>{});
  EXPECT_EQ(alice.next(), presence({"alice", "bob"}));

  const auto hello = say_and_ack(alice, "hello, 世界", "a-1");
  EXPECT_EQ(hello["id"], 1);
  EXPECT_EQ(hello["from"], "alice");
  EXPECT_EQ(hello["text"], "hello, 世界");
  EXPECT_EQ(hello["client_msg_id"], "a-1");
  // Bob's copy, as text: keys in the protocol's order, compact, UTF-8 as is, and a
  // millisecond UTC timestamp.
  const auto ts = hello["ts"].get<std::string>();
  EXPECT_EQ(ts.size(), 24U) << ts;
  EXPECT_EQ(ts.back(), 'Z') << ts;
  const auto raw = peer_.recv("bob");
  EXPECT_EQ(
      raw.value("data", ""),
      R"({"type":"message","id":1,"from":"alice","text":"hello, 世界","client_msg_id":"a-1","ts":")" +
          ts + R"("})");
  const auto reply = say_and_ack(bob, "hi alice", "b-1");
  EXPECT_EQ(reply["id"], 2);
  EXPECT_EQ(alice.next(), reply);

  ASSERT_TRUE(ok(peer_.close("bob")));
  EXPECT_EQ(alice.next(), presence({"alice"}));
  alice.expect_nothing_more();
}

TEST_F(ChatTest, AClientThatComesBackGetsWhatItMissedOnce) {
  chat_client alice(peer_, "alice");
  chat_client bob(peer_, "bob");
  two_joined(alice, bob);
  say_and_ack(alice, "one", "1");
  const auto last_seen = bob.next_of("message")["id"].get<std::uint64_t>();
  // Bob's network dies; alice goes on talking.
  ASSERT_TRUE(ok(peer_.abort("bob")));
  EXPECT_EQ(alice.next(), presence({"alice"}));
  const auto two = say_and_ack(alice, "two", "2");
  const auto three = say_and_ack(alice, "three", "3");
  // Bob resumes from the last id it has.
  chat_client bob_again(peer_, "bob2");
  ASSERT_TRUE(bob_again.connect(url()));
  EXPECT_EQ(bob_again.join_and_replay("bob", last_seen), (std::vector<json>{two, three}));
  EXPECT_EQ(alice.next(), presence({"alice", "bob"}));
  const auto four = say_and_ack(alice, "four", "4");
  EXPECT_EQ(bob_again.next(), four);
  bob_again.expect_nothing_more();
}

TEST_F(ChatTest, ASayResentAfterAReconnectIsAcknowledgedWithTheOriginalId) {
  chat_client alice(peer_, "alice");
  chat_client bob(peer_, "bob");
  two_joined(bob, alice);
  // The say is stored, but alice's connection dies before she reads the ack.
  alice.say("did this arrive?", "q-1");
  const auto stored = bob.next_of("message");
  ASSERT_TRUE(ok(peer_.abort("alice")));
  bob.next_of("presence");
  chat_client alice_again(peer_, "alice2");
  ASSERT_TRUE(alice_again.connect(url()));
  // She resumes from before it, so the replay has it, and her resend is acknowledged with
  // its id without storing it again: bob sees it once.
  EXPECT_EQ(alice_again.join_and_replay("alice", 0), std::vector<json>{stored});
  alice_again.say("did this arrive?", "q-1");
  EXPECT_EQ(alice_again.next(),
            (json{{"type", "ack"}, {"client_msg_id", "q-1"}, {"id", stored["id"]}}));
  bob.next_of("presence");
  bob.expect_nothing_more();
  alice_again.expect_nothing_more();
}

TEST_F(ChatTest, BadInputIsAnsweredWithAnErrorAndTheConnectionKept) {
  chat_client c(peer_, "c");
  ASSERT_TRUE(c.connect(url()));
  const auto expect_error = [&](const std::string& what, const std::string& contains) {
    SCOPED_TRACE(what);
    const auto error = c.next_of("error");
    ASSERT_TRUE(error.is_object());
    EXPECT_EQ(error.size(), 2U) << error.dump();
    EXPECT_NE(error.value("message", "").find(contains), std::string::npos) << error.dump();
  };
  c.say("too early", "x");
  expect_error("say before join", "join first");
  c.send("{not json");
  expect_error("bad JSON", "not valid JSON");
  c.send(R"({"type":"dance"})");
  expect_error("unknown type", "unknown type");
  c.send(R"({"type":"join","name":""})");
  expect_error("empty name", R"("name" must be 1 to 32 characters)");
  c.send(R"({"type":"join","name":")" + std::string(33, 'n') + R"("})");
  expect_error("long name", "(it is 33)");
  c.send(R"({"type":"join","name":"ok","since":"5"})");
  expect_error("since as a string", R"("since" must be an integer)");
  ASSERT_TRUE(ok(peer_.send_binary("c", R"({"type":"join","name":"ok"})")));
  expect_error("binary", "binary");
  // 32 characters of two bytes each: a valid name of 64 bytes.
  std::string name;
  for (int i = 0; i < 32; ++i) {
    name += "é";
  }
  EXPECT_EQ(c.join_and_replay(name, 0), std::vector<json>{});
  c.join("again", 0);
  expect_error("second join", "already joined");
  c.say(std::string(4097, 't'), "x");
  expect_error("text over 4096 bytes", "(it is 4097)");
  c.say("", "x");
  expect_error("empty text", "(it is 0)");
  c.say("t", std::string(65, 'c'));
  expect_error("client id over 64 characters", "client_msg_id");
  c.send(R"({"type":"say","text":1,"client_msg_id":"x"})");
  expect_error("text not a string", R"("text" must be a string)");
  // Still open and joined: a valid say of the largest size goes through.
  const auto big = say_and_ack(c, std::string(4096, 't'), std::string(64, 'c'));
  EXPECT_EQ(big["id"], 1);
  EXPECT_EQ(big["from"], name);
  c.expect_nothing_more();
}

TEST_F(ChatTest, AJoinReplaysAtMostTheLimitAfterATruncatedMessage) {
  server_.reset();
  start({"--chat-replay-max", "2"});
  chat_client alice(peer_, "alice");
  ASSERT_TRUE(alice.connect(url()));
  alice.join_and_replay("alice", 0);
  std::vector<json> said;
  for (int i = 1; i <= 5; ++i) {
    said.push_back(say_and_ack(alice, "m" + std::to_string(i), std::to_string(i)));
  }
  chat_client bob(peer_, "bob");
  ASSERT_TRUE(bob.connect(url()));
  EXPECT_EQ(bob.join_and_replay("bob", 1),
            (std::vector<json>{json{{"type", "truncated"}, {"oldest", 4}}, said[3], said[4]}));
  chat_client carol(peer_, "carol");
  ASSERT_TRUE(carol.connect(url()));
  EXPECT_EQ(carol.join_and_replay("carol", 3), (std::vector<json>{said[3], said[4]}));
}

}  // namespace
}  // namespace wsclient::test
