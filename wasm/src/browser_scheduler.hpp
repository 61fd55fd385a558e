// The session's event context in the browser: the page's main thread, with setTimeout for
// timers and for posted work (everything runs on that one thread).
#pragma once

#include "scheduler.hpp"

namespace wsclient::detail {

/// @par Thread Safety  The browser build has one thread: every member runs on it.
class browser_scheduler final : public scheduler {
 public:
  browser_scheduler() = default;
  /// Cancels this scheduler's pending timers (posted work still runs).
  ~browser_scheduler() override;
  browser_scheduler(const browser_scheduler&) = delete;
  browser_scheduler& operator=(const browser_scheduler&) = delete;

  clock::time_point now() const override { return clock::now(); }
  timer_id schedule(milliseconds delay, std::function<void()> fn) override;
  void cancel(timer_id id) override;
  void post(std::function<void()> fn) override;
  bool in_event_context() const override { return true; }
};

}  // namespace wsclient::detail
