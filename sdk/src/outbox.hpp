// Messages sent while the connection is not open: kept in order, bounded by count and bytes,
// with an overflow policy and an optional time to live. No I/O, no locking (the caller locks).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <vector>

#include "wsclient/events.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

/// @par Thread Safety  Not thread-safe.
class outbox {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit outbox(const outbox_options& options) : options_(options) {}

  struct push_result {
    bool queued = false;
    std::size_t dropped = 0;  ///< oldest messages evicted to make room (drop_oldest)
  };

  /// Queues m (enqueued at `now`), or refuses it / evicts the oldest per the overflow policy.
  /// A message larger than max_bytes on its own is always refused.
  push_result push(message&& m, time_point now);

  /// Puts messages back at the front, oldest first (they were taken for sending but not sent),
  /// keeping their place ahead of everything queued since. Limits are not applied: these were
  /// accepted already.
  void push_front(std::vector<message>&& ms, time_point now);

  /// Drops messages that waited longer than the TTL; returns how many.
  std::size_t expire(time_point now);

  /// Moves every message out, oldest first, appending to out.
  void take_all(std::vector<message>& out);

  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }
  bool empty() const { return entries_.empty(); }

 private:
  struct entry {
    message m;
    time_point enqueued;
  };

  outbox_options options_;
  std::deque<entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace wsclient::detail
