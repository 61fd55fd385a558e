#include "asio_scheduler.hpp"

#include <boost/asio/post.hpp>
#include <utility>

namespace wsclient::detail {

scheduler::timer_id asio_scheduler::schedule(milliseconds delay, std::function<void()> fn) {
  const auto id = ++next_id_;
  auto& timer = timers_[id];
  timer = std::make_unique<boost::asio::steady_timer>(strand_, delay);
  timer->async_wait(
      [weak = weak_from_this(), id, fn = std::move(fn)](boost::system::error_code ec) {
        const auto self = weak.lock();
        if (!self) {
          return;
        }
        // A cancelled timer was already erased by cancel(); a fired one is erased here.
        const auto erased = self->timers_.erase(id);
        if (!ec && erased != 0) {
          fn();
        }
      });
  return id;
}

void asio_scheduler::cancel(timer_id id) {
  const auto it = timers_.find(id);
  if (it != timers_.end()) {
    // Destroying the timer cancels its wait; the completion then finds the id gone, which
    // also covers a timer that had fired but whose completion had not run yet.
    timers_.erase(it);
  }
}

void asio_scheduler::post(std::function<void()> fn) {
  boost::asio::post(strand_, std::move(fn));
}

}  // namespace wsclient::detail
