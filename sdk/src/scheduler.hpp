// The event context a session runs on: timers and posted work (native: an Asio strand;
// browser: the main thread's event loop; tests: a manual clock).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "wsclient/options.hpp"

namespace wsclient::detail {

/// @par Thread Safety  post() and in_event_context() may be called from any thread; the
/// rest only from the event context.
class scheduler {
 public:
  using clock = std::chrono::steady_clock;
  using timer_id = std::uint64_t;

  virtual ~scheduler() = default;

  virtual clock::time_point now() const = 0;

  /// Runs fn on the event context after delay, unless cancelled first. Never runs fn inline.
  virtual timer_id schedule(milliseconds delay, std::function<void()> fn) = 0;

  /// Cancels a pending timer; unknown or fired ids are ignored.
  virtual void cancel(timer_id id) = 0;

  /// Runs fn on the event context soon, in the order posted. Never runs fn inline.
  virtual void post(std::function<void()> fn) = 0;

  /// True when called from the event context (a handler, a timer, a posted function).
  virtual bool in_event_context() const = 0;
};

}  // namespace wsclient::detail
