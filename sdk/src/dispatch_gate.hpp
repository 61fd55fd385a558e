// Lets the client's destructor guarantee that no handler runs after it returns, without
// ever holding a lock while a handler runs.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

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

 private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  bool closed_ = false;
  int active_ = 0;
  std::thread::id running_on_;
};

}  // namespace wsclient::detail
