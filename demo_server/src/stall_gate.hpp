// The "stall" test hook's shared switch: while it is set, WebSocket connections neither read
// nor write, as if the network had silently gone away (a half-open connection).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace wsclient::demo {

/// @par Thread Safety  Every member may be called from any thread.
class stall_gate {
 public:
  using clock = std::chrono::steady_clock;

  /// Stalls every connection from now until now + duration (replacing any earlier stall).
  void stall_for(std::chrono::milliseconds duration) {
    until_.store((clock::now() + duration).time_since_epoch().count(), std::memory_order_release);
  }

  /// How long the current stall still lasts; zero when there is none.
  clock::duration remaining() const {
    const auto until = clock::duration(until_.load(std::memory_order_acquire));
    const auto now = clock::now().time_since_epoch();
    return until > now ? until - now : clock::duration::zero();
  }

 private:
  std::atomic<clock::rep> until_{0};
};

}  // namespace wsclient::demo
