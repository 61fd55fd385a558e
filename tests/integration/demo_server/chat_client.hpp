// A /chat client for integration tests, over the Python websockets peer: joins, says, and
// reads the room's JSON messages (docs/protocol.md, "/chat").
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "python_peer.hpp"

namespace wsclient::test {

/// One connection of a python_peer, named by id, speaking the chat protocol.
class chat_client {
 public:
  using json = nlohmann::json;
  using milliseconds = std::chrono::milliseconds;

  chat_client(python_peer& peer, std::string id) : peer_(peer), id_(std::move(id)) {}

  /// Connects to url; false (with a test failure) when it cannot.
  bool connect(const std::string& url) {
    const auto answer = peer_.connect(id_, url);
    EXPECT_TRUE(ok(answer)) << id_ << ": " << brief(answer);
    return ok(answer);
  }

  void send(const std::string& text) {
    const auto sent = peer_.send_text(id_, text);
    EXPECT_TRUE(ok(sent)) << id_ << ": " << brief(sent);
  }

  void join(const std::string& name, std::uint64_t since) {
    send(json{{"type", "join"}, {"name", name}, {"since", since}}.dump());
  }

  void say(const std::string& text, const std::string& client_msg_id) {
    send(json{{"type", "say"}, {"text", text}, {"client_msg_id", client_msg_id}}.dump());
  }

  /// The next message, parsed; a JSON null, with a test failure, when none comes in time or
  /// it is not JSON text.
  json next(milliseconds timeout = milliseconds{5'000}) {
    const auto got = peer_.recv(id_, timeout);
    if (!ok(got) || got.value("type", "") != "text") {
      ADD_FAILURE() << "no text message on " << id_ << ": " << brief(got);
      return nullptr;
    }
    auto message = json::parse(got.value("data", ""), nullptr, false);
    if (message.is_discarded()) {
      ADD_FAILURE() << "not JSON on " << id_ << ": " << brief(got);
      return nullptr;
    }
    return message;
  }

  /// The next message, which must be of this type (a test failure and null otherwise).
  json next_of(const std::string& type, milliseconds timeout = milliseconds{5'000}) {
    auto message = next(timeout);
    if (!message.is_object() || message.value("type", "") != type) {
      ADD_FAILURE() << id_ << ": expected a " << type << ", got " << message.dump();
      return nullptr;
    }
    return message;
  }

  /// Joins and reads the replay: every message up to the presence that follows it.
  std::vector<json> join_and_replay(const std::string& name, std::uint64_t since) {
    join(name, since);
    std::vector<json> replay;
    for (;;) {
      auto message = next();
      if (!message.is_object() || message.value("type", "") == "presence") {
        return replay;
      }
      replay.push_back(std::move(message));
    }
  }

  /// Nothing more arrives within a short wait.
  void expect_nothing_more() {
    const auto got = peer_.recv(id_, milliseconds{300});
    EXPECT_EQ(got.value("error", ""), "timeout") << "unexpected on " << id_ << ": " << brief(got);
  }

  const std::string& id() const { return id_; }

 private:
  python_peer& peer_;
  std::string id_;
};

}  // namespace wsclient::test
