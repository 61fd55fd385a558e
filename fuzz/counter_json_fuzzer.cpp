// The /counter endpoint's message handler (demo_server/src/counter_room.hpp) on any text.
// Oracle (docs/protocol.md, "/counter"): a valid action changes the value by one and every
// member gets {"type":"state","value":N}; anything else leaves the value alone and only the
// sender gets {"type":"error","message":M}, a small JSON object whose M is the error handle()
// returned.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "counter_room.hpp"
#include "fuzz_check.hpp"

namespace {

using wsclient::fuzz::check;

// A connection that keeps what it is sent.
class recording_connection final : public wsclient::demo::connection {
 public:
  explicit recording_connection(std::uint64_t id) : id_(id) {}
  std::uint64_t id() const override { return id_; }
  void send(wsclient::demo::shared_payload payload, bool is_text) override {
    check(is_text, "the counter sends text");
    sent.push_back(*payload);
  }
  void close(std::uint16_t, std::string) override { check(false, "the counter never closes"); }
  void drop() override {}
  void run_after(std::chrono::milliseconds, std::function<void()>) override {}

  std::vector<std::string> sent;

 private:
  std::uint64_t id_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  wsclient::demo::counter_room room;
  const auto sender = std::make_shared<recording_connection>(1);
  const auto other = std::make_shared<recording_connection>(2);
  room.join(sender);
  room.join(other);
  sender->sent.clear();
  other->sent.clear();

  const auto error = room.handle(*sender, text, true);
  if (error.empty()) {
    const auto value = room.value();
    check(value == 1 || value == -1, "a valid action moves the value by one");
    const auto expected = R"({"type":"state","value":)" + std::to_string(value) + "}";
    check(sender->sent.size() == 1 && sender->sent[0] == expected, "the sender gets the state");
    check(other->sent == sender->sent, "every member gets the same state");
    return 0;
  }
  check(room.value() == 0, "a refused message leaves the value alone");
  check(other->sent.empty(), "only the sender hears of its error");
  check(sender->sent.size() == 1, "the sender gets one error message");
  const auto& reply = sender->sent[0];
  check(reply.size() <= 512, "an error message stays small");
  const auto parsed = nlohmann::json::parse(reply, nullptr, false);
  check(parsed.is_object() && parsed.size() == 2, "the error message is a JSON object");
  check(parsed.value("type", "") == "error", "its type is error");
  check(parsed.contains("message") && parsed["message"].is_string() &&
            parsed["message"].get<std::string>() == error,
        "its message is the error handle() returned");
  return 0;
}
