// The core of the client: one connection after another, as a state machine. It does no I/O of
// its own: it drives a transport and a scheduler given by the backend, so it runs unchanged
// natively, in the browser and in unit tests with a fake transport and a manual clock. Its
// parts live beside it: whether and when to retry in reconnect_policy, the keep-alive
// deadlines in liveness, the send queues in shared_state, calls to user code in dispatch_gate.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend.hpp"
#include "connection_timers.hpp"
#include "dispatch_gate.hpp"
#include "liveness.hpp"
#include "logger.hpp"
#include "reconnect_policy.hpp"
#include "shared_state.hpp"
#include "wsclient/error.hpp"
#include "wsclient/options.hpp"

namespace wsclient {
class client;
}

namespace wsclient::detail {

/// What happens to a session.
enum class session_input {
  start,          ///< connect() was accepted
  retry,          ///< the backoff delay has passed, or the network came back
  opened,         ///< the opening handshake completed (RFC 6455 section 4)
  ended,          ///< the attempt or connection ended: closed, failed, timed out or found dead
  close,          ///< the application called close()
  close_timeout,  ///< the closing handshake did not finish within liveness.close_timeout
};

struct transition {
  connection_state from;
  session_input on;
  connection_state to;
  std::string_view by;  ///< the member function that makes the move
};

/// Every move the session makes, and the only ones: session::step() refuses any other. An
/// input with no row for the current state is ignored (a second close(), a late start()).
/// After `ended` the reconnect policy chooses the row: waiting (retry after D) or closed (give
/// up because R); while closing, the application's close() has finished.
inline constexpr auto transitions = [] {
  using s = connection_state;
  using in = session_input;
  return std::to_array<transition>({
      // clang-format off
      // from          on                 to              by
      {s::idle,       in::start,         s::connecting,  "begin_attempt"},
      {s::closed,     in::start,         s::connecting,  "begin_attempt"},
      {s::waiting,    in::retry,         s::connecting,  "begin_attempt"},
      {s::connecting, in::opened,        s::open,        "opened"},
      {s::connecting, in::ended,         s::waiting,     "wait_to_retry"},
      {s::connecting, in::ended,         s::closed,      "give_up"},
      {s::connecting, in::close,         s::closed,      "finish"},
      {s::open,       in::ended,         s::waiting,     "wait_to_retry"},
      {s::open,       in::ended,         s::closed,      "give_up"},
      {s::open,       in::close,         s::closing,     "close"},
      {s::closing,    in::ended,         s::closed,      "finish"},
      {s::closing,    in::close_timeout, s::closed,      "finish"},
      {s::waiting,    in::close,         s::closed,      "finish"},
      {s::idle,       in::close,         s::closed,      "finish"},
      // clang-format on
  });
}();

/// The row for this move, if the table has one.
constexpr const transition* find_transition(connection_state from, session_input on,
                                            connection_state to) {
  const auto* row = std::find_if(transitions.begin(), transitions.end(), [&](const auto& t) {
    return t.from == from && t.on == on && t.to == to;
  });
  return row == transitions.end() ? nullptr : row;
}

/// Whether the table has a row for this input in this state.
constexpr bool accepts(connection_state from, session_input on) {
  return std::any_of(transitions.begin(), transitions.end(),
                     [&](const auto& t) { return t.from == from && t.on == on; });
}

struct handlers {
  std::function<void(const open_info&)> open;
  std::function<void(const message_view&)> message;
  std::function<void(const close_info&)> close;
  std::function<void(std::error_code, std::string_view)> error;
  std::function<void(const reconnect_info&)> reconnecting;
  std::function<void(const gave_up_info&)> gave_up;
  std::function<void(connection_state)> state;
  std::function<void(client&)> open_hook;
  std::function<void()> drain;
};

/// @par Thread Safety  Every member runs on the event context (the facade posts to it).
class session final : public transport_events, public std::enable_shared_from_this<session> {
 public:
  session(client_options options, backend& be, std::shared_ptr<shared_state> shared,
          std::shared_ptr<dispatch_gate> gate, client* owner);

  handlers& on() { return handlers_; }

  /// env: the proxy variables connect() read, for every attempt of this series.
  void start(url target, std::string url_text, proxy_environment env);
  void close(std::uint16_t code, std::string reason);
  void flush();
  void mark_healthy();
  /// The device went offline or came back: retries pause while offline and start at once
  /// when it is back.
  void network_changed(bool online);
  /// The client is being destroyed: report nothing from now on. A closing handshake under
  /// way goes on (the session keeps itself alive until it ends or close_timeout passes);
  /// anything else is dropped at once, with every timer.
  void terminate();

  // transport_events
  void on_transport_open(std::uint64_t epoch, transport_open info) override;
  void on_transport_message(std::uint64_t epoch, message_view m) override;
  void on_transport_pong(std::uint64_t epoch) override;
  void on_transport_written(std::uint64_t epoch, std::size_t bytes) override;
  void on_transport_closed(std::uint64_t epoch, transport_closed info) override;

 private:
  using time_point = scheduler::clock::time_point;
  using timers = connection_timers;

  /// The one place the state changes: checks the move against the table, publishes the new
  /// state and reports it. False when the move is not in the table or the client was
  /// destroyed by the state handler.
  bool step(session_input on, connection_state to);

  void begin_attempt(session_input on);
  /// Starts the transport for request (an attempt's first URL, or where a redirect led).
  void connect_to(connect_request request);
  /// A redirect ended the upgrade: connect to where it leads and true; false (info then says
  /// why when it is not followed) when the failure stands.
  bool follow_redirect(transport_closed& info);
  /// The attempt or connection ended for `info.why`: finish a close, retry later or give up.
  void ended(transport_closed info);
  void wait_to_retry(milliseconds delay, const failure& cause, bool was_clean, bool was_open);
  void give_up(errc reason, const failure& last, bool was_clean);
  /// Closed for good (no transport, no timers, sends refused); false when destroyed meanwhile.
  bool finish(session_input on, const close_info& info);
  void fail_now(errc e, std::string detail);  ///< a timeout or a dead link: ended() with it
  /// Aborts the transport; every timer and late event of the connection is ignored from here.
  void drop_connection();
  void watch_liveness();
  void check_liveness();

  client_options options_;
  logger log_;
  std::shared_ptr<scheduler> events_;
  transport_factory make_transport_;
  std::shared_ptr<shared_state> shared_;
  std::shared_ptr<dispatch_gate> gate_;
  client* owner_;
  handlers handlers_;
  reconnect_policy policy_;
  liveness liveness_;

  connection_state state_ = connection_state::idle;  ///< changed by step() only
  std::shared_ptr<transport> transport_;
  std::uint64_t epoch_ = 0;  ///< events of an older connection carry an older one
  url url_;
  std::string url_text_;
  std::string attempt_url_;
  proxy_environment proxy_env_;
  connect_request request_;                   ///< what the transport was asked to connect to
  std::vector<std::string> redirected_from_;  ///< URLs this attempt was redirected from
  std::string attempt_proxy_;  ///< the attempt's proxy without credentials; empty: direct
  time_point opened_at_{};
  bool offline_ = false;  ///< an input, not a state: while waiting, no retry timer runs
  timers timers_;
  std::vector<message> batch_;  ///< reused by flush(): no allocation per flush
  /// Set by terminate() during a closing handshake: the client is gone, the session lives on
  /// until finish().
  std::shared_ptr<session> keep_alive_;
};

}  // namespace wsclient::detail
