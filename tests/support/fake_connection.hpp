// A connection of the demo server that records what is sent to it, for tests of the rooms
// (counter, chat) without sockets.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "connection.hpp"

namespace wsclient::demo {

class fake_connection : public connection {
 public:
  explicit fake_connection(std::uint64_t id) : id_(id) {}

  std::uint64_t id() const override { return id_; }
  void send(shared_payload payload, bool is_text) override {
    payloads.push_back(payload);
    texts.push_back(is_text);
  }
  void close(std::uint16_t, std::string) override { ++closes; }
  void drop() override { ++closes; }
  void run_after(std::chrono::milliseconds, std::function<void()>) override {}

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const auto& payload : payloads) {
      out.push_back(*payload);
    }
    return out;
  }
  void clear() {
    payloads.clear();
    texts.clear();
  }

  std::vector<shared_payload> payloads;
  std::vector<bool> texts;
  int closes = 0;

 private:
  std::uint64_t id_;
};

}  // namespace wsclient::demo
