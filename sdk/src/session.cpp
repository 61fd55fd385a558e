#include "session.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "attempt_request.hpp"
#include "failure_report.hpp"
#include "redirect.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

session::session(client_options options, backend& be, std::shared_ptr<shared_state> shared,
                 std::shared_ptr<dispatch_gate> gate, client* owner)
    : options_(std::move(options)),
      log_{options_.log, options_.min_log_level},
      events_(be.events),
      make_transport_(be.make_transport),
      shared_(std::move(shared)),
      gate_(std::move(gate)),
      owner_(owner),
      policy_(options_.reconnect),
      liveness_(options_.liveness, be.caps.protocol_ping),
      timers_(events_) {}

bool session::step(session_input on, connection_state to) {
  const auto* row = find_transition(state_, on, to);
  if (row == nullptr) {
    return false;
  }
  if (log_.enabled(log_level::trace)) {
    log_(log_level::trace, std::string(to_string(state_)) + " -> " + std::string(to_string(to)) +
                               " (" + std::string(row->by) + ")");
  }
  state_ = to;
  shared_->publish(to);
  return gate_->call(handlers_.state, to);
}

void session::start(url target, std::string url_text, proxy_environment env) {
  if (accepts(state_, session_input::start)) {
    url_ = std::move(target);
    url_text_ = std::move(url_text);
    proxy_env_ = std::move(env);
    policy_.reset();
    begin_attempt(session_input::start);
  }
}

void session::begin_attempt(session_input on) {
  timers_.cancel(timers::retry);
  if (!step(on, connection_state::connecting)) {
    return;
  }
  ++epoch_;
  const auto attempt = policy_.begin_attempt();
  shared_->count_attempt();
  auto request = make_request(options_, url_, url_text_);
  if (options_.attempt_provider) {
    auto settings = gate_->ask(options_.attempt_provider, attempt);
    if (!settings) {
      return;
    }
    transport_closed bad;
    bad.why.error = apply_attempt_settings(std::move(*settings), request, &bad.detail);
    if (bad.why.error) {
      log_(log_level::error, "attempt provider gave an invalid URL: " + bad.detail);
      ended(std::move(bad));
      return;
    }
  }
  redirected_from_.clear();
  connect_to(std::move(request));
}

void session::connect_to(connect_request request) {
  // Chosen for each URL: a provider's or a redirect's may be wss:// where connect()'s was
  // ws://, or be exempted by no_proxy.
  if (std::string why;
      const auto ec = choose_proxy(options_, proxy_env_, request.target, request.proxy, &why)) {
    log_(log_level::error, why);
    transport_closed bad;
    bad.why.error = ec;
    bad.detail = std::move(why);
    ended(std::move(bad));
    return;
  }
  attempt_url_ = request.url_text;
  attempt_proxy_ = request.proxy ? request.proxy->to_string() : std::string();
  if (log_.enabled(log_level::debug)) {
    log_(log_level::debug, "attempt " + std::to_string(policy_.attempts()) + " to " + attempt_url_ +
                               (request.proxy ? " through " + attempt_proxy_ : ""));
  }
  request_ = std::move(request);
  transport_ = make_transport_(weak_from_this(), epoch_, request_);
  timers_.arm(timers::connect, options_.liveness.connect_timeout, weak_from_this(),
              [](session& s) { s.fail_now(errc::connect_timeout, {}); });
  transport_->connect(request_);
}

bool session::follow_redirect(transport_closed& info) {
  if (options_.max_redirects == 0 || !is_redirect_status(info.why.http_status)) {
    return false;
  }
  url next;
  std::string why;
  if (resolve_redirect(request_.target, info.location, next, &why)) {
    info.why.error = errc::handshake_failed;
    info.detail = std::move(why);
    return false;
  }
  const auto next_text = next.to_string();
  redirected_from_.push_back(request_.target.to_string());
  std::optional<errc> refusal;
  if (request_.target.secure && !next.secure) {
    refusal = errc::insecure_redirect;
  } else if (std::find(redirected_from_.begin(), redirected_from_.end(), next_text) !=
             redirected_from_.end()) {
    refusal = errc::redirect_loop;
  } else if (redirected_from_.size() > options_.max_redirects) {
    refusal = errc::too_many_redirects;
  }
  if (refusal) {
    info.why.error = *refusal;
    info.detail = "HTTP " + std::to_string(info.why.http_status) + " to " + next_text;
    return false;
  }
  log_(log_level::info,
       "redirected (HTTP " + std::to_string(info.why.http_status) + ") to " + next_text);
  drop_connection();
  auto request = request_;
  request.target = std::move(next);
  request.url_text = next_text;
  connect_to(std::move(request));
  return true;
}

void session::on_transport_open(std::uint64_t epoch, transport_open info) {
  if (epoch != epoch_ || !transport_ || !accepts(state_, session_input::opened)) {
    return;
  }
  timers_.cancel(timers::connect);
  const auto now = events_->now();
  opened_at_ = now;
  liveness_.opened(now);
  const auto expired = shared_->opened(now);
  if (!step(session_input::opened, connection_state::open)) {
    return;
  }
  if (expired > 0 &&
      !gate_->call(handlers_.error, make_error_code(errc::message_expired),
                   std::to_string(expired) + " queued message(s) outlived the outbox TTL")) {
    return;
  }
  watch_liveness();
  if (handlers_.open_hook) {
    shared_->open_hook_running(true);
    const bool alive = gate_->call(handlers_.open_hook, *owner_);
    shared_->open_hook_running(false);
    if (!alive) {
      return;
    }
  }
  if (gate_->call(handlers_.open,
                  open_info{attempt_url_, std::move(info.subprotocol), std::move(info.extensions),
                            policy_.attempts(), std::move(info.response_headers), attempt_proxy_,
                            std::move(info.address)})) {
    flush();
  }
}

void session::flush() {
  shared_->take_ready(batch_, state_ == connection_state::open && transport_);
  for (auto& m : batch_) {
    transport_->send(std::move(m));
  }
  batch_.clear();
}

void session::on_transport_message(std::uint64_t epoch, message_view m) {
  if (epoch == epoch_ && transport_) {
    if (liveness_.wants_inbound_time()) {
      liveness_.inbound(events_->now());
    } else {
      liveness_.inbound();
    }
    shared_->count_received(m.data.size());
    // What the handler sent is handed to the transport now, before it reads the next message:
    // a failure found in that one cannot overtake it (RFC 6455 section 7.1.7 lets it go first).
    if (gate_->call(handlers_.message, m) && shared_->sends_waiting()) {
      flush();
    }
  }
}

void session::on_transport_pong(std::uint64_t epoch) {
  if (epoch == epoch_ && transport_) {
    if (const auto rtt = liveness_.pong(events_->now())) {
      shared_->ping_answered(std::chrono::duration_cast<std::chrono::microseconds>(*rtt));
    }
  }
}

void session::on_transport_written(std::uint64_t epoch, std::size_t bytes) {
  // ended() has already zeroed the count of an older connection.
  if (epoch == epoch_ && shared_->written(bytes)) {
    gate_->call(handlers_.drain);
  }
}

void session::on_transport_closed(std::uint64_t epoch, transport_closed info) {
  if (epoch == epoch_ && transport_) {
    ended(std::move(info));
  }
}

void session::ended(transport_closed info) {
  // A redirect of the upgrade is followed within the attempt: no failure, no backoff.
  if (!info.location.empty() && state_ == connection_state::connecting && follow_redirect(info)) {
    return;
  }
  const bool was_open = state_ == connection_state::open || state_ == connection_state::closing;
  const auto now = events_->now();
  drop_connection();
  shared_->connection_ended(std::move(info.unsent), now);
  failure f = std::move(info.why);
  if (state_ == connection_state::closing) {
    f.error = errc::closed_by_user;  // the application's close() has finished
    finish(session_input::ended, close_event(f, info.was_clean));
    return;
  }
  f.was_open = was_open;
  const auto what = describe(f, info.detail);
  log_(log_level::info, (was_open ? "connection ended: " : "attempt failed: ") + what);
  // Every failure is an error (client.hpp): a failed attempt, and a connection that ended
  // without a completed closing handshake. One the server closed cleanly is not a failure.
  if ((!was_open || !info.was_clean) && !gate_->call(handlers_.error, f.error, what)) {
    return;
  }
  const auto classified = options_.reconnect.classifier
                              ? gate_->ask(options_.reconnect.classifier, f)
                              : std::optional(default_classifier(f));
  if (!classified) {
    return;
  }
  const auto verdict =
      policy_.after_failure(*classified, now, was_open ? std::optional(opened_at_) : std::nullopt);
  if (verdict.retry) {
    wait_to_retry(verdict.delay, f, info.was_clean, was_open);
  } else {
    give_up(verdict.give_up_reason, f, info.was_clean);
  }
}

void session::wait_to_retry(milliseconds delay, const failure& cause, bool was_clean,
                            bool was_open) {
  if (!offline_) {  // offline: network_changed(true) starts the attempt
    timers_.arm(timers::retry, delay, weak_from_this(),
                [](session& s) { s.begin_attempt(session_input::retry); });
  }
  if (!step(session_input::ended, connection_state::waiting) ||
      (was_open && !gate_->call(handlers_.close, close_event(cause, was_clean, delay)))) {
    return;
  }
  const auto next = policy_.attempts() + 1;
  log_(log_level::info, "reconnecting in " + std::to_string(delay.count()) + " ms (attempt " +
                            std::to_string(next) + ")");
  gate_->call(handlers_.reconnecting, reconnect_info{next, delay, cause, offline_});
}

void session::give_up(errc reason, const failure& last, bool was_clean) {
  std::vector<tracked_message> unacknowledged;
  auto unsent = shared_->give_up(unacknowledged);
  const gave_up_info g{reason, last, policy_.attempts(), std::move(unsent),
                       std::move(unacknowledged)};
  log_(log_level::warn, "giving up after " + std::to_string(g.attempts) + " attempt(s) (" +
                            g.reason.message() + "): " + describe(last));
  // The close event says what ended the connection; gave_up_info says why no retry follows.
  if (finish(session_input::ended, close_event(last, was_clean))) {
    gate_->call(handlers_.gave_up, g);
  }
}

bool session::finish(session_input on, const close_info& info) {
  // Our caller holds the session (a posted call, a timer or a transport event), so letting go
  // here ends it only once that call returns.
  keep_alive_.reset();
  drop_connection();
  shared_->finished();
  return step(on, connection_state::closed) && gate_->call(handlers_.close, info);
}

void session::close(std::uint16_t code, std::string reason) {
  if (!accepts(state_, session_input::close)) {
    return;  // already on its way, or done: one close event only
  }
  if (state_ != connection_state::open) {
    const auto f = failure_of(errc::closed_by_user, code, std::move(reason));
    finish(session_input::close, close_event(f, false));
    return;
  }
  // Messages sent before close() go out before the close frame (RFC 6455 section 5.5.1:
  // nothing may follow it).
  flush();
  transport_->close(code, reason);
  timers_.cancel(timers::liveness);
  timers_.arm(timers::close, options_.liveness.close_timeout, weak_from_this(), [](session& s) {
    s.finish(session_input::close_timeout, close_event(failure_of(errc::close_timeout), false));
  });
  step(session_input::close, connection_state::closing);
}

void session::terminate() {
  if (state_ == connection_state::closing && transport_) {
    keep_alive_ = shared_from_this();
    return;
  }
  drop_connection();
}

void session::fail_now(errc e, std::string detail) {
  transport_closed info;
  info.why = failure_of(e, 1006);  // no closing handshake happened (RFC 6455 section 7.1.5)
  info.detail = std::move(detail);
  ended(std::move(info));
}

void session::network_changed(bool online) {
  offline_ = !online;
  if (state_ != connection_state::waiting) {
    return;  // an open connection finds out by itself; a running attempt fails or succeeds
  }
  if (!online) {
    if (timers_.pending(timers::retry)) {
      timers_.cancel(timers::retry);
      log_(log_level::info, "offline: reconnect paused until the network is back");
    }
    return;
  }
  log_(log_level::info, "online again: reconnecting now");
  begin_attempt(session_input::retry);
}

void session::mark_healthy() {
  if (state_ == connection_state::open) {
    policy_.healthy();
  }
}

void session::drop_connection() {
  if (transport_) {
    transport_->abort();  // no event follows; after an event that ended it, a no-op
    transport_.reset();
  }
  ++epoch_;
  timers_.forget();
}

void session::watch_liveness() {
  if (const auto next = liveness_.next_deadline()) {
    const auto wait = std::chrono::ceil<milliseconds>(*next - events_->now());
    timers_.arm(timers::liveness, std::max(wait, milliseconds(0)), weak_from_this(),
                [](session& s) { s.check_liveness(); });
  }
}

void session::check_liveness() {
  if (state_ != connection_state::open || !transport_) {
    return;
  }
  const auto due = liveness_.poll(events_->now());
  if (due.dead) {
    fail_now(*due.dead, "half-open connection");
    return;
  }
  if (due.ping) {
    transport_->ping();
  }
  if (due.heartbeat) {
    message m{message_kind::text, options_.liveness.heartbeat_message};
    shared_->count_direct_send(m.data.size());
    transport_->send(std::move(m));
  }
  watch_liveness();
}

}  // namespace wsclient::detail
