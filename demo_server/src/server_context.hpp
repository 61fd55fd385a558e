// What every session of one server shares.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

#include "chat_room.hpp"
#include "chat_store.hpp"
#include "counter_room.hpp"
#include "endpoints.hpp"
#include "log.hpp"
#include "options.hpp"
#include "session_registry.hpp"
#include "stall_gate.hpp"
#include "test_hooks.hpp"

namespace wsclient::demo {

struct server_context {
  /// chat_messages: the /chat store; nullptr when the server sets endpoints.chat itself
  /// (--redis).
  server_context(const server_options& opts, logger& l, chat_store* chat_messages)
      : options(opts), log(l), hooks(registry, stall) {
    if (chat_messages != nullptr) {
      chat.emplace(*chat_messages, opts.chat_replay_max);
      endpoints.chat = &*chat;
    }
    endpoints.counter = &counter;
    endpoints.time_interval = opts.time_interval;
  }

  std::uint64_t next_id() { return next_id_.fetch_add(1, std::memory_order_relaxed); }

  const server_options& options;
  logger& log;
  session_registry registry;
  counter_room counter;
  std::optional<chat_room> chat;  ///< the embedded /chat
  stall_gate stall;
  test_hooks hooks;
  endpoint_settings endpoints;
  std::atomic<bool> stopping{false};

 private:
  std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace wsclient::demo
