// Lets the client's destructor guarantee that no handler runs after it returns, without
// ever holding a lock while a handler runs.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace wsclient::detail {

/// @par Thread Safety  Every member may be called from any thread.
class dispatch_gate {
 public:
  /// Call around every handler invocation: false once closed (skip the handler).
  bool enter() {
    std::lock_guard lock(mutex_);
    if (closed_) {
      return false;
    }
    ++active_;
    running_on_ = std::this_thread::get_id();
    return true;
  }

  void leave() {
    {
      std::lock_guard lock(mutex_);
      --active_;
    }
    idle_.notify_all();
  }

  /// No handler starts after this returns; waits for a running one unless it runs on this
  /// thread (a handler destroying its own client).
  void close() {
    std::unique_lock lock(mutex_);
    closed_ = true;
    if (active_ > 0 && running_on_ == std::this_thread::get_id()) {
      return;
    }
    idle_.wait(lock, [this] { return active_ == 0; });
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
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
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  bool closed_ = false;
  int active_ = 0;
  std::thread::id running_on_;
};

}  // namespace wsclient::detail
