// A scheduler on a virtual clock: timers fire only when a test advances time, posted work
// runs only when the test says so. Deterministic, and no test waits on the wall clock.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include "scheduler.hpp"

namespace wsclient::test {

/// @par Thread Safety  post() from any thread; everything else from the test's thread.
class manual_scheduler final : public detail::scheduler {
 public:
  clock::time_point now() const override { return now_; }

  timer_id schedule(milliseconds delay, std::function<void()> fn) override {
    const auto id = ++next_id_;
    timers_.emplace(std::make_pair(now_ + delay, id), std::move(fn));
    return id;
  }

  void cancel(timer_id id) override {
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->first.second == id) {
        timers_.erase(it);
        return;
      }
    }
  }

  void post(std::function<void()> fn) override {
    std::lock_guard lock(mutex_);
    posted_.push_back(std::move(fn));
  }

  bool in_event_context() const override { return running_; }

  /// Runs posted work until none is left (work may post more).
  void run_posted() {
    for (;;) {
      std::function<void()> fn;
      {
        std::lock_guard lock(mutex_);
        if (posted_.empty()) {
          return;
        }
        fn = std::move(posted_.front());
        posted_.pop_front();
      }
      run(fn);
    }
  }

  /// Moves the clock forward by d, firing due timers in time order (and the work they post).
  void advance(milliseconds d) {
    const auto target = now_ + d;
    run_posted();
    while (!timers_.empty() && timers_.begin()->first.first <= target) {
      auto it = timers_.begin();
      now_ = it->first.first;
      auto fn = std::move(it->second);
      timers_.erase(it);
      run(fn);
      run_posted();
    }
    now_ = target;
  }

  /// The delay until the earliest pending timer, if any.
  std::optional<milliseconds> next_timer_in() const {
    if (timers_.empty()) {
      return std::nullopt;
    }
    return std::chrono::duration_cast<milliseconds>(timers_.begin()->first.first - now_);
  }

  std::size_t pending_timers() const { return timers_.size(); }

  /// Runs fn as if on the event context: how a backend delivers transport events.
  template <class Fn>
  void run_in_context(Fn&& fn) {
    const bool was = running_;
    running_ = true;
    fn();
    running_ = was;
  }

 private:
  void run(std::function<void()>& fn) { run_in_context(fn); }

  clock::time_point now_ = clock::time_point{} + std::chrono::hours(1);
  timer_id next_id_ = 0;
  std::map<std::pair<clock::time_point, timer_id>, std::function<void()>> timers_;
  std::mutex mutex_;
  std::deque<std::function<void()>> posted_;
  bool running_ = false;
};

}  // namespace wsclient::test
