#include "reconnect_policy.hpp"

#include <algorithm>

namespace wsclient::detail {

retry_verdict decide_retry(const reconnect_options& options, const retry_inputs& in) {
  if (!options.enabled) {
    return {false, {}, errc::gave_up};
  }
  if (!in.classified.retry) {
    return {false, {}, errc::not_retryable};
  }
  if (options.max_attempts != 0 && in.failures > options.max_attempts) {
    return {false, {}, errc::gave_up};
  }
  const bool limited = options.max_elapsed > milliseconds(0);
  const auto asked = in.classified.min_delay.value_or(milliseconds(0));
  if (limited && in.elapsed + asked > options.max_elapsed) {
    // The server will not have us back within the time we may still spend: no point waiting.
    return {false, {}, errc::retry_after_too_long};
  }
  // A server's Retry-After is a minimum, up to max_retry_after: the backoff still applies when
  // it is longer.
  const auto delay = std::max(in.backoff, std::min(asked, options.max_retry_after));
  if (limited && in.elapsed + delay > options.max_elapsed) {
    return {false, {}, errc::gave_up};
  }
  return {true, delay, errc::gave_up};
}

reconnect_policy::reconnect_policy(const reconnect_options& options)
    : options_(options), backoff_(options) {}

void reconnect_policy::reset() {
  attempts_ = 0;
  failures_ = 0;
  outage_start_.reset();
  backoff_.reset();
}

void reconnect_policy::healthy() {
  reset();
  attempts_ = 1;
}

retry_verdict reconnect_policy::after_failure(const retry_decision& classified, time_point now,
                                              std::optional<time_point> opened_at) {
  if (opened_at && now - *opened_at >= options_.stable_after) {
    healthy();
  }
  if (!outage_start_) {
    outage_start_ = now;
  }
  ++failures_;
  retry_inputs in;
  in.classified = classified;
  in.failures = failures_;
  in.elapsed = std::chrono::duration_cast<milliseconds>(now - *outage_start_);
  in.backoff = failures_ == 1 && options_.random_first_delay ? backoff_.first_delay()
                                                             : backoff_.delay_for(failures_);
  return decide_retry(options_, in);
}

}  // namespace wsclient::detail
