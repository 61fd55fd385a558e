// Lets the client's destructor guarantee that no handler runs after it returns, without
// ever holding a lock while a handler runs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace wsclient::detail {

/// @par Thread Safety  Every member may be called from any thread. Entering and leaving are
/// lock-free (they run around every message); only close() waits, on a condition variable.
class dispatch_gate {
 public:
  /// Call around every handler invocation: false once closed (skip the handler).
  bool enter() noexcept {
    if (state_.fetch_add(one_running, std::memory_order_acquire) & closed_bit) {
      release();
      return false;
    }
    outer_ = running_here;
    running_here = this;
    return true;
  }

  void leave() noexcept {
    running_here = outer_;
    release();
  }

  /// No handler starts after this returns; waits for a running one unless it runs on this
  /// thread (a handler destroying its own client).
  void close() {
    state_.fetch_or(closed_bit, std::memory_order_acq_rel);
    const std::uint64_t mine = running_here == this ? one_running : 0;
    std::unique_lock lock(mutex_);
    idle_.wait(lock,
               [&] { return (state_.load(std::memory_order_acquire) & ~closed_bit) == mine; });
  }

  bool closed() const noexcept {
    return (state_.load(std::memory_order_acquire) & closed_bit) != 0;
  }

  /// Runs a user handler (an empty one is skipped) through the gate. False when the client is
  /// being destroyed, before or during the call: then nothing more may be reported.
  template <class Handler, class... Args>
  bool call(const Handler& handler, Args&&... args) {
    if (!enter()) {
      return false;
    }
    if (handler) {
      handler(std::forward<Args>(args)...);
    }
    leave();
    return !closed();
  }

  /// Asks user code for a value (the classifier, the attempt provider) through the gate;
  /// nullopt when the client is being destroyed, before or during the call.
  template <class Fn, class... Args>
  std::optional<std::invoke_result_t<const Fn&, Args...>> ask(const Fn& fn, Args&&... args) {
    if (!enter()) {
      return std::nullopt;
    }
    auto answer = fn(std::forward<Args>(args)...);
    leave();
    if (closed()) {
      return std::nullopt;
    }
    return answer;
  }

 private:
  void release() noexcept {
    if (state_.fetch_sub(one_running, std::memory_order_acq_rel) & closed_bit) {
      // A handler left a closed gate: wake close(). Under the mutex, so that the notification
      // cannot fall between close()'s check and its wait.
      std::lock_guard lock(mutex_);
      idle_.notify_all();
    }
  }

  static constexpr std::uint64_t closed_bit = 1;
  static constexpr std::uint64_t one_running = 2;  ///< handlers running, counted above the bit

  /// The gate whose handler runs on this thread, if any (and the one it interrupted: a
  /// handler of one client may run another's through a shared event context).
  static inline thread_local const dispatch_gate* running_here = nullptr;
  const dispatch_gate* outer_ = nullptr;

  std::atomic<std::uint64_t> state_{0};
  std::mutex mutex_;
  std::condition_variable idle_;
};

}  // namespace wsclient::detail
