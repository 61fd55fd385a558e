// Whether to reconnect after a failure, and when: the classifier's answer, the attempts that
// failed in a row, how long the outage has lasted and the jittered backoff delay give either
// "retry after D" or "give up because R". No clock, no timers, no I/O (the session passes the
// time in), after the reconnect loop of Python websockets and libwebsockets' lws-retry.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "backoff.hpp"
#include "wsclient/error.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

/// What follows a failure.
struct retry_verdict {
  bool retry = false;
  milliseconds delay{0};                ///< retry: the wait before the next attempt
  errc give_up_reason = errc::gave_up;  ///< otherwise: errc::gave_up or errc::not_retryable
};

/// Everything the decision depends on.
struct retry_inputs {
  retry_decision classified;   ///< the classifier's answer for this failure
  std::uint32_t failures = 1;  ///< failures in a row in this outage, this one included
  milliseconds elapsed{0};     ///< since the outage began
  milliseconds backoff{0};     ///< the jittered backoff delay for this failure
};

/// The decision itself, a function of the options and its inputs only.
retry_verdict decide_retry(const reconnect_options& options, const retry_inputs& in);

/// One outage after another: counts the attempts and failures of the current series, draws
/// its backoff delays, and starts a new series once a connection has proved stable.
/// @par Thread Safety  Not thread-safe; owned by one session.
class reconnect_policy {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit reconnect_policy(const reconnect_options& options);

  /// A new series: connect().
  void reset();

  /// A new series that the open connection begins as its attempt 1: it proved to work (it
  /// stayed up reconnect_options::stable_after, or mark_healthy()). Its loss is then the first
  /// failure of the series, as the failure of a first attempt is.
  void healthy();

  /// An attempt begins: its number in the series (1-based), as on_open reports it.
  std::uint32_t begin_attempt() { return ++attempts_; }

  /// Attempts made in the series.
  std::uint32_t attempts() const { return attempts_; }

  /// The attempt or connection failed at `now`; it had opened at `opened_at` (unset: it never
  /// opened). One that stayed open reconnect_options::stable_after began a new series (see
  /// healthy()), so this failure is the first of it.
  retry_verdict after_failure(const retry_decision& classified, time_point now,
                              std::optional<time_point> opened_at);

 private:
  reconnect_options options_;
  backoff backoff_;
  std::uint32_t attempts_ = 0;
  std::uint32_t failures_ = 0;
  std::optional<time_point> outage_start_;
};

}  // namespace wsclient::detail
