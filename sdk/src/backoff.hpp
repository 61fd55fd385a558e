// Reconnect delays: exponential growth, a cap, and jitter (no I/O, seeded for tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

#include "wsclient/options.hpp"

namespace wsclient::detail {

/// Produces the delay before each reconnect attempt of one outage.
/// @par Thread Safety  Not thread-safe; owned by one session.
class backoff {
 public:
  explicit backoff(const reconnect_options& options);

  /// The delay before attempt number `attempt` (1-based) of the current outage.
  milliseconds delay_for(std::uint32_t attempt);

  /// Uniform in [0, initial_delay]: the first retry of an outage with random_first_delay, so
  /// that clients dropped together do not come back together.
  milliseconds first_delay() { return uniform(milliseconds(0), options_.initial_delay); }

  /// Forgets the outage (decorrelated jitter starts from the initial delay again).
  void reset() { previous_ = options_.initial_delay; }

 private:
  /// Uniform in [lo, hi]. Written out (not std::uniform_int_distribution) so that a seed gives
  /// the same delays with libstdc++ natively and libc++ under Emscripten.
  milliseconds uniform(milliseconds lo, milliseconds hi);

  reconnect_options options_;
  std::mt19937_64 rng_;
  milliseconds previous_;
};

}  // namespace wsclient::detail
