// The chat room's promise, end to end: three examples/chat clients keep talking while the demo
// server is killed with SIGKILL and restarted five times on the same log. Every message said is
// acknowledged in the end (tracked sends resent after each reconnect, deduplicated by the
// server), and every client sees every stored message exactly once, in id order, with no gap,
// as the log has them.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "chat_client.hpp"
#include "demo_server_process.hpp"
#include "temp_dir.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

constexpr int kills = 5;
constexpr int says_per_round = 8;

/// What every client saw, guarded by one mutex; `changed` wakes the test.
struct room_view {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, std::vector<chat::chat_message>> seen;  // by client name
};

class chatter {
 public:
  chatter(const std::string& name, const std::string& url, room_view& view) : name_(name) {
    chat::chat_client::handlers h;
    h.message = [this, &view](const chat::chat_message& m) {
      std::lock_guard lock(view.mutex);
      view.seen[name_].push_back(m);
      view.changed.notify_all();
    };
    h.acknowledged = [&view](const std::string&, std::int64_t) {
      std::lock_guard lock(view.mutex);
      view.changed.notify_all();
    };
    client_options o;
    o.liveness.ping_interval = 0ms;
    o.reconnect.initial_delay = 20ms;
    o.reconnect.max_delay = 200ms;
    room_ =
        std::make_unique<chat::chat_client>(name, std::vector<std::string>{url}, std::move(h), o);
    EXPECT_FALSE(room_->connect());
  }
  chat::chat_client& room() { return *room_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::unique_ptr<chat::chat_client> room_;
};

std::vector<nlohmann::json> log_lines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

TEST(ChatResume, NothingLostNothingDuplicatedAcrossFiveServerKills) {
  temp_dir dir("chat_resume_test");
  const auto log = dir.file("chat.log");
  auto server = std::make_unique<demo_server_process>(std::vector<std::string>{"--chat-log", log});
  const auto port = server->port();
  room_view view;
  std::vector<std::unique_ptr<chatter>> people;
  for (const auto* name : {"alice", "bob", "carol"}) {
    people.push_back(std::make_unique<chatter>(name, server->ws_url("/chat"), view));
  }
  std::set<std::string> said;
  for (int round = 0; round <= kills; ++round) {
    for (int i = 0; i < says_per_round; ++i) {
      for (auto& p : people) {
        const auto text = p->name() + " " + std::to_string(round) + "." + std::to_string(i);
        ASSERT_FALSE(p->room().say(text).empty()) << text;
        said.insert(text);
      }
    }
    if (round < kills) {
      // Killed once the first of this round's messages came back stored, while the others are
      // in flight: some stored and acknowledged, some stored but not acknowledged, some never
      // read.
      {
        std::unique_lock lock(view.mutex);
        ASSERT_TRUE(view.changed.wait_for(lock, 30s, [&] {
          return view.seen["alice"].size() > static_cast<std::size_t>(round) * 3 * says_per_round;
        }));
      }
      server->process().send_signal(SIGKILL);
      server->process().wait_exit(5s);
      server =
          std::make_unique<demo_server_process>(port, std::vector<std::string>{"--chat-log", log});
    }
  }
  const auto everyone_has_everything = [&] {
    for (auto& p : people) {
      if (p->room().pending() != 0 || view.seen[p->name()].size() < said.size()) {
        return false;
      }
    }
    return true;
  };
  std::unique_lock lock(view.mutex);
  ASSERT_TRUE(view.changed.wait_for(lock, 60s, everyone_has_everything))
      << "pending: " << people[0]->room().pending() << "/" << people[1]->room().pending() << "/"
      << people[2]->room().pending();
  const auto stored = log_lines(log);
  ASSERT_EQ(stored.size(), said.size());  // each said once, stored once
  std::set<std::string> stored_texts;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i]["id"], static_cast<std::int64_t>(i + 1));
    stored_texts.insert(stored[i]["text"].get<std::string>());
  }
  EXPECT_EQ(stored_texts, said);
  for (auto& p : people) {
    const auto& seen = view.seen[p->name()];
    ASSERT_EQ(seen.size(), stored.size()) << p->name();
    for (std::size_t i = 0; i < seen.size(); ++i) {
      EXPECT_EQ(seen[i].id, static_cast<std::int64_t>(i + 1)) << p->name();
      EXPECT_EQ(seen[i].text, stored[i]["text"].get<std::string>()) << p->name();
    }
  }
  lock.unlock();
  std::uint64_t resent = 0;
  for (auto& p : people) {
    resent += p->room().get().stats().tracked_resent;
  }
  std::cout << stored.size() << " messages, " << resent << " tracked resends across " << kills
            << " kills\n";
  for (auto& p : people) {
    p->room().close();
  }
}

}  // namespace
}  // namespace wsclient::test
