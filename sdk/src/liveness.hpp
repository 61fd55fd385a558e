// Keeps an open connection honest: protocol pings with a pong deadline (natively), an
// application heartbeat, and an inbound-silence watchdog (both targets). A half-open TCP
// connection delivers nothing and reports nothing; only these deadlines find it. No timers of
// its own: the session asks for the next deadline, and at that time for what is due.
#pragma once

#include <chrono>
#include <optional>

#include "wsclient/error.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

/// What is due on an open connection at a given time.
struct liveness_due {
  bool ping = false;         ///< send a protocol ping (RFC 6455 section 5.5.2)
  bool heartbeat = false;    ///< send liveness_options::heartbeat_message
  std::optional<errc> dead;  ///< pong_timeout or silence_timeout: half-open, drop it
};

/// @par Thread Safety  Not thread-safe; owned by one session.
class liveness {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  /// can_ping: the target can send protocol pings (natively); where it cannot, an unset
  /// ping_interval means no pings rather than default_ping_interval.
  liveness(const liveness_options& options, bool can_ping);

  /// The connection opened at `now`: every clock starts.
  void opened(time_point now);

  /// A frame arrived (a message or a pong): the peer is alive. Any frame answers a ping, since
  /// RFC 6455 section 5.5.3 lets a peer skip pongs it answers late.
  void inbound(time_point now);
  /// Whether inbound() needs the time (only the silence watchdog does): reading the clock for
  /// every message costs more than the rest of receiving a small one.
  bool wants_inbound_time() const noexcept { return silence_timeout_.has_value(); }
  /// A frame arrived, when wants_inbound_time() is false.
  void inbound() noexcept { ping_sent_.reset(); }
  /// A pong arrived at `now`: inbound(now), and the round trip of the ping it answers, if one
  /// was sent on this connection and not yet answered by a pong.
  std::optional<std::chrono::steady_clock::duration> pong(time_point now);

  /// What is due at `now` (call it at next_deadline()); a ping or heartbeat it returns counts as
  /// sent.
  liveness_due poll(time_point now);

  /// When poll() next has something to do; unset when nothing is watched.
  std::optional<time_point> next_deadline() const;

 private:
  std::optional<milliseconds> ping_interval_;  ///< unset: no pings
  milliseconds pong_timeout_;
  std::optional<milliseconds> heartbeat_interval_;
  std::optional<milliseconds> silence_timeout_;

  time_point last_inbound_{};
  std::optional<time_point> next_ping_;
  std::optional<time_point> ping_sent_;  ///< a ping is waiting for any inbound frame
  std::optional<time_point> rtt_probe_;  ///< a ping is waiting for its pong
  std::optional<time_point> next_heartbeat_;
};

}  // namespace wsclient::detail
