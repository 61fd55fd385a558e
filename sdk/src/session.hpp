// The core of the client: connection attempts, reconnect with backoff, the classifier, the
// outbox flush, liveness timers and event dispatch. No I/O of its own: it drives a transport
// and a scheduler given by the backend, so it runs unchanged natively, in the browser and in
// unit tests with a fake transport and a manual clock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend.hpp"
#include "backoff.hpp"
#include "dispatch_gate.hpp"
#include "shared_state.hpp"
#include "wsclient/error.hpp"
#include "wsclient/options.hpp"

namespace wsclient {
class client;
}

namespace wsclient::detail {

struct handlers {
  std::function<void(const open_info&)> open;
  std::function<void(const message_view&)> message;
  std::function<void(const close_info&)> close;
  std::function<void(std::error_code, std::string_view)> error;
  std::function<void(const reconnect_info&)> reconnecting;
  std::function<void(const gave_up_info&)> gave_up;
  std::function<void(connection_state)> state;
  std::function<void(client&)> open_hook;
};

/// @par Thread Safety  Every member runs on the event context (the facade posts to it).
class session final : public transport_events, public std::enable_shared_from_this<session> {
 public:
  session(client_options options, backend& be, std::shared_ptr<shared_state> shared,
          std::shared_ptr<dispatch_gate> gate, client* owner);

  handlers& on() { return handlers_; }

  void start(url target, std::string url_text);
  void close(std::uint16_t code, std::string reason);
  void flush();
  void mark_healthy();
  /// The device went offline or came back: retries pause while offline and start at once
  /// when it is back.
  void network_changed(bool online);
  /// The client is being destroyed: drop the connection, cancel every timer, report nothing.
  void terminate();

  // transport_events
  void on_transport_open(std::uint64_t epoch, transport_open info) override;
  void on_transport_message(std::uint64_t epoch, message_view m) override;
  void on_transport_pong(std::uint64_t epoch) override;
  void on_transport_written(std::uint64_t epoch, std::size_t bytes) override;
  void on_transport_closed(std::uint64_t epoch, transport_closed info) override;

 private:
  using time_point = scheduler::clock::time_point;

  void begin_attempt();
  void opened(transport_open info);
  /// The current attempt or connection has ended for `why`; decides what follows.
  void ended(transport_closed info);
  void finish_closed(close_info info);
  void fail_now(errc e, std::string detail);  ///< liveness or timeout: drop and treat as ended
  void give_up(std::error_code reason, const failure& last, bool was_clean);
  /// Publishes the state and reports a change; false when the client was destroyed meanwhile.
  bool set_state(connection_state s);
  void reset_backoff();
  void cancel_timers();
  void cancel(std::optional<scheduler::timer_id>& t);
  void schedule_ping();
  void schedule_heartbeat();
  void schedule_silence_check(milliseconds after);
  void return_unsent(std::vector<message>&& unsent);
  void log(log_level level, const std::string& text) const;

  template <class Fn>
  std::optional<scheduler::timer_id> after(milliseconds delay, Fn fn);

  /// Runs a handler through the gate; false when the client is being destroyed.
  template <class Handler, class... Args>
  bool emit(const Handler& h, Args&&... args);

  client_options options_;
  std::shared_ptr<scheduler> events_;
  transport_factory make_transport_;
  capabilities caps_;
  std::shared_ptr<shared_state> shared_;
  std::shared_ptr<dispatch_gate> gate_;
  client* owner_;
  handlers handlers_;
  backoff backoff_;

  std::shared_ptr<transport> transport_;
  std::uint64_t epoch_ = 0;
  bool started_ = false;  ///< between start() and the final close
  bool user_closed_ = false;
  std::string user_close_reason_;
  url url_;
  std::string url_text_;
  std::string attempt_url_;
  std::uint32_t attempt_ = 0;   ///< attempts in the current series (reset when stable)
  std::uint32_t failures_ = 0;  ///< consecutive failures in the current series
  std::optional<time_point> outage_start_;
  time_point last_inbound_{};
  bool awaiting_pong_ = false;
  bool offline_ = false;
  bool retry_paused_ = false;  ///< waiting, with no timer: the network is down

  std::optional<scheduler::timer_id> connect_timer_;
  std::optional<scheduler::timer_id> retry_timer_;
  std::optional<scheduler::timer_id> close_timer_;
  std::optional<scheduler::timer_id> stable_timer_;
  std::optional<scheduler::timer_id> ping_timer_;
  std::optional<scheduler::timer_id> pong_timer_;
  std::optional<scheduler::timer_id> heartbeat_timer_;
  std::optional<scheduler::timer_id> silence_timer_;

  std::vector<message> batch_;  ///< reused by flush(): no allocation per flush
};

}  // namespace wsclient::detail
