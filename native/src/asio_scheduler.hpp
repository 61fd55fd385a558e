// The session's event context natively: a strand, with steady timers.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <unordered_map>

#include "scheduler.hpp"

namespace wsclient::detail {

/// @par Thread Safety  post() and in_event_context() from any thread; schedule() and
/// cancel() on the strand (where the session runs).
class asio_scheduler final : public scheduler, public std::enable_shared_from_this<asio_scheduler> {
 public:
  using strand_type = boost::asio::strand<boost::asio::any_io_executor>;

  explicit asio_scheduler(strand_type strand) : strand_(std::move(strand)) {}

  clock::time_point now() const override { return clock::now(); }
  timer_id schedule(milliseconds delay, std::function<void()> fn) override;
  void cancel(timer_id id) override;
  void post(std::function<void()> fn) override;
  bool in_event_context() const override { return strand_.running_in_this_thread(); }

  const strand_type& strand() const { return strand_; }

 private:
  strand_type strand_;
  timer_id next_id_ = 0;
  std::unordered_map<timer_id, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace wsclient::detail
