#include "browser_scheduler.hpp"

#include <emscripten/eventloop.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace wsclient::detail {

namespace {

// Every pending timeout of the page, by an id that is never reused: a browser callback for
// one that was cancelled, or whose scheduler is gone, finds nothing and does nothing.
struct pending {
  long browser_id = 0;
  const browser_scheduler* owner = nullptr;  ///< null for posted work
  std::function<void()> fn;
};

std::unordered_map<std::uint64_t, pending>& all_pending() {
  static std::unordered_map<std::uint64_t, pending> map;
  return map;
}

std::uint64_t last_id = 0;

void fire(void* user_data) {
  const auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(user_data));
  auto& map = all_pending();
  const auto it = map.find(id);
  if (it == map.end()) {
    return;
  }
  auto fn = std::move(it->second.fn);
  map.erase(it);
  fn();
}

std::uint64_t start(const browser_scheduler* owner, milliseconds delay, std::function<void()> fn) {
  const auto id = ++last_id;
  auto& entry = all_pending()[id];
  entry.owner = owner;
  entry.fn = std::move(fn);
  // The id travels as the callback's user data (a number, not a pointer to anything).
  entry.browser_id =
      emscripten_set_timeout(fire, static_cast<double>(delay.count()),
                             reinterpret_cast<void*>(static_cast<std::uintptr_t>(id)));
  return id;
}

}  // namespace

browser_scheduler::~browser_scheduler() {
  std::vector<std::uint64_t> mine;
  for (const auto& [id, entry] : all_pending()) {
    if (entry.owner == this) {
      mine.push_back(id);
    }
  }
  for (const auto id : mine) {
    cancel(id);
  }
}

scheduler::timer_id browser_scheduler::schedule(milliseconds delay, std::function<void()> fn) {
  return start(this, delay, std::move(fn));
}

void browser_scheduler::cancel(timer_id id) {
  auto& map = all_pending();
  const auto it = map.find(id);
  if (it != map.end() && it->second.owner == this) {
    emscripten_clear_timeout(it->second.browser_id);
    map.erase(it);
  }
}

void browser_scheduler::post(std::function<void()> fn) {
  // Owned by no scheduler: posted work runs even after its client is gone (the client's
  // destructor posts the session's last step).
  start(nullptr, milliseconds(0), std::move(fn));
}

}  // namespace wsclient::detail
