#include "liveness.hpp"

namespace wsclient::detail {

namespace {

std::optional<milliseconds> positive(milliseconds d) {
  return d > milliseconds(0) ? std::optional(d) : std::nullopt;
}

}  // namespace

liveness::liveness(const liveness_options& options, bool can_ping)
    : ping_interval_(can_ping ? positive(options.ping_interval.value_or(default_ping_interval))
                              : std::nullopt),
      pong_timeout_(options.pong_timeout),
      heartbeat_interval_(positive(options.heartbeat_interval)),
      silence_timeout_(positive(options.silence_timeout)) {}

void liveness::opened(time_point now) {
  last_inbound_ = now;
  ping_sent_.reset();
  rtt_probe_.reset();
  next_ping_.reset();
  next_heartbeat_.reset();
  if (ping_interval_) {
    next_ping_ = now + *ping_interval_;
  }
  if (heartbeat_interval_) {
    next_heartbeat_ = now + *heartbeat_interval_;
  }
}

void liveness::inbound(time_point now) {
  last_inbound_ = now;
  ping_sent_.reset();
}

std::optional<std::chrono::steady_clock::duration> liveness::pong(time_point now) {
  inbound(now);
  if (!rtt_probe_) {
    return std::nullopt;  // unsolicited (RFC 6455 section 5.5.3): no round trip to measure
  }
  const auto rtt = now - *rtt_probe_;
  rtt_probe_.reset();
  return rtt;
}

liveness_due liveness::poll(time_point now) {
  liveness_due due;
  if (ping_sent_ && now >= *ping_sent_ + pong_timeout_) {
    due.dead = errc::pong_timeout;
    return due;
  }
  if (silence_timeout_ && now >= last_inbound_ + *silence_timeout_) {
    due.dead = errc::silence_timeout;
    return due;
  }
  if (next_ping_ && now >= *next_ping_) {
    // One ping in flight at a time: the pong deadline of the first one decides.
    if (!ping_sent_) {
      due.ping = true;
      ping_sent_ = now;
      rtt_probe_ = now;
    }
    next_ping_ = now + *ping_interval_;
  }
  if (next_heartbeat_ && now >= *next_heartbeat_) {
    due.heartbeat = true;
    next_heartbeat_ = now + *heartbeat_interval_;
  }
  return due;
}

std::optional<liveness::time_point> liveness::next_deadline() const {
  std::optional<time_point> next;
  const auto consider = [&next](std::optional<time_point> t) {
    if (t && (!next || *t < *next)) {
      next = t;
    }
  };
  consider(next_ping_);
  consider(next_heartbeat_);
  if (ping_sent_) {
    consider(*ping_sent_ + pong_timeout_);
  }
  if (silence_timeout_) {
    consider(last_inbound_ + *silence_timeout_);
  }
  return next;
}

}  // namespace wsclient::detail
