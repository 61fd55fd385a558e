// What every session of one server shares.
#pragma once

#include <atomic>
#include <cstdint>

#include "counter_room.hpp"
#include "endpoints.hpp"
#include "log.hpp"
#include "options.hpp"
#include "session_registry.hpp"
#include "stall_gate.hpp"
#include "test_hooks.hpp"

namespace wsclient::demo {

struct server_context {
  explicit server_context(const server_options& opts, logger& l)
      : options(opts), log(l), hooks(registry, stall) {
    endpoints.counter = &counter;
    endpoints.time_interval = opts.time_interval;
  }

  std::uint64_t next_id() { return next_id_.fetch_add(1, std::memory_order_relaxed); }

  const server_options& options;
  logger& log;
  session_registry registry;
  counter_room counter;
  stall_gate stall;
  test_hooks hooks;
  endpoint_settings endpoints;
  std::atomic<bool> stopping{false};

 private:
  std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace wsclient::demo
