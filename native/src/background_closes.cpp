#include "background_closes.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace wsclient::detail {

namespace {

class background_closes {
 public:
  /// Static destruction, after main() returns or exit(): the handshakes are given their
  /// close_timeout to finish.
  ~background_closes() {
    std::lock_guard lock(mutex_);
    for (auto& c : closes_) {
      // exit() called from one of these threads' own handlers cannot wait for itself.
      if (c.thread.get_id() == std::this_thread::get_id()) {
        c.thread.detach();
      } else {
        c.thread.join();
      }
    }
  }

  void add(std::thread thread, std::shared_ptr<std::atomic<bool>> finished) {
    std::lock_guard lock(mutex_);
    // A long-running program that closes client after client keeps only the unfinished.
    std::erase_if(closes_, [](closing& c) {
      if (!c.finished->load()) {
        return false;
      }
      c.thread.join();  // returns at once: its last act is done
      return true;
    });
    closes_.push_back({std::move(thread), std::move(finished)});
  }

 private:
  struct closing {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  std::mutex mutex_;
  std::vector<closing> closes_;
};

}  // namespace

void finish_in_background(std::thread thread, std::shared_ptr<std::atomic<bool>> finished) {
  static background_closes closes;
  closes.add(std::move(thread), std::move(finished));
}

}  // namespace wsclient::detail
