#include "accept_backoff.hpp"

#include <algorithm>

namespace wsclient::demo {

namespace {

std::string milliseconds_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count()) + " ms";
}

}  // namespace

accept_backoff::decision accept_backoff::failed(clock::time_point now, std::string_view reason) {
  delay_ = failures_ == 0 ? first_delay : std::min(delay_ * 2, max_delay);
  ++failures_;
  ++unlogged_;
  decision d{delay_, std::nullopt};
  if (failures_ == 1) {
    first_failure_ = now;
    last_log_ = now;
    unlogged_ = 0;
    d.log = "accept failed: " + std::string(reason) + "; pausing accepts for " +
            milliseconds_text(delay_) + ", then retrying every " + milliseconds_text(max_delay) +
            " at most until it works";
  } else if (now - last_log_ >= log_interval) {
    const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_log_);
    d.log = "accept failed " + std::to_string(unlogged_) + " more time(s) in the last " +
            milliseconds_text(since) + ": " + std::string(reason);
    last_log_ = now;
    unlogged_ = 0;
  }
  return d;
}

std::optional<std::string> accept_backoff::succeeded(clock::time_point now) {
  if (failures_ == 0) {
    return std::nullopt;
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(now - first_failure_);
  std::string line = "accepting again after " + std::to_string(failures_) +
                     " failed accept(s) in " + milliseconds_text(took);
  failures_ = 0;
  unlogged_ = 0;
  delay_ = std::chrono::milliseconds{0};
  return line;
}

}  // namespace wsclient::demo
