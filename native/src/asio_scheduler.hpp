// The session's event context natively: a strand, with steady timers.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_map>

#include "scheduler.hpp"
#include "session_strand.hpp"

namespace wsclient::detail {

/// @par Thread Safety  post() and in_event_context() from any thread; schedule() and
/// cancel() on the strand (where the session runs; make_session_strand()).
class asio_scheduler final : public scheduler, public std::enable_shared_from_this<asio_scheduler> {
 public:
  explicit asio_scheduler(boost::asio::any_io_executor strand) : strand_(std::move(strand)) {}

  clock::time_point now() const override { return clock::now(); }
  timer_id schedule(milliseconds delay, std::function<void()> fn) override;
  void cancel(timer_id id) override;
  void post(std::function<void()> fn) override;
  bool in_event_context() const override { return running_in_strand(strand_); }

 private:
  boost::asio::any_io_executor strand_;
  timer_id next_id_ = 0;
  std::unordered_map<timer_id, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace wsclient::detail
