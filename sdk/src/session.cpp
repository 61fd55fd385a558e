#include "session.hpp"

#include <algorithm>
#include <utility>

#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace {

std::string describe(const failure& f, const std::string& detail = {}) {
  std::string text = f.error.message();
  if (!detail.empty() && detail != text) {
    text += ": " + detail;
  }
  if (f.http_status != 0) {
    text += " (HTTP " + std::to_string(f.http_status) + ")";
  }
  if (f.close_code != 0) {
    text += " (close " + std::to_string(f.close_code) +
            (f.close_reason.empty() ? "" : " \"" + f.close_reason + "\"") + ")";
  }
  return text;
}

std::size_t payload_bytes(const std::vector<message>& ms) {
  std::size_t n = 0;
  for (const auto& m : ms) {
    n += m.data.size();
  }
  return n;
}

}  // namespace

session::session(client_options options, backend& be, std::shared_ptr<shared_state> shared,
                 std::shared_ptr<dispatch_gate> gate, client* owner)
    : options_(std::move(options)),
      events_(be.events),
      make_transport_(be.make_transport),
      caps_(be.caps),
      shared_(std::move(shared)),
      gate_(std::move(gate)),
      owner_(owner),
      backoff_(options_.reconnect) {}

template <class Fn>
std::optional<scheduler::timer_id> session::after(milliseconds delay, Fn fn) {
  // Timers hold the session weakly and remember the epoch they were set in: one that fires
  // after its attempt has ended (a cancel can lose the race) does nothing.
  return events_->schedule(delay, [weak = weak_from_this(), epoch = epoch_, fn = std::move(fn)] {
    const auto self = weak.lock();
    if (self && self->epoch_ == epoch) {
      fn(*self);
    }
  });
}

template <class Handler, class... Args>
bool session::emit(const Handler& h, Args&&... args) {
  if (!gate_->enter()) {
    return false;
  }
  if (h) {
    h(std::forward<Args>(args)...);
  }
  gate_->leave();
  // The handler may have destroyed the client: then nothing more may be reported.
  return !gate_->closed();
}

void session::log(log_level level, const std::string& text) const {
  if (options_.log && level >= options_.min_log_level && level != log_level::off) {
    options_.log(level, text);
  }
}

void session::start(url target, std::string url_text) {
  if (started_) {
    return;
  }
  started_ = true;
  user_closed_ = false;
  url_ = std::move(target);
  url_text_ = std::move(url_text);
  reset_backoff();
  begin_attempt();
}

void session::begin_attempt() {
  retry_timer_.reset();
  retry_paused_ = false;
  ++epoch_;
  ++attempt_;
  {
    std::lock_guard lock(shared_->mutex);
    ++shared_->stats.attempts;
  }
  connect_request request{url_,
                          url_text_,
                          options_.headers,
                          options_.subprotocols,
                          options_.tls,
                          options_.compression,
                          options_.max_message_bytes};
  if (options_.attempt_provider) {
    if (!gate_->enter()) {
      return;
    }
    auto settings = options_.attempt_provider(attempt_);
    gate_->leave();
    if (gate_->closed()) {
      return;
    }
    if (!settings.url.empty()) {
      std::string why;
      if (parse_url(settings.url, request.target, &why)) {
        log(log_level::error, "attempt provider gave an invalid URL: " + why);
        transport_closed bad;
        bad.why.error = errc::invalid_url;
        ended(std::move(bad));
        return;
      }
      request.url_text = settings.url;
    }
    if (settings.replace_headers) {
      request.headers = std::move(settings.headers);
    }
  }
  attempt_url_ = request.url_text;
  if (!set_state(connection_state::connecting)) {
    return;
  }
  log(log_level::debug, "attempt " + std::to_string(attempt_) + " to " + attempt_url_);
  transport_ = make_transport_(weak_from_this(), epoch_, request);
  connect_timer_ = after(options_.liveness.connect_timeout, [](session& s) {
    s.connect_timer_.reset();
    s.fail_now(errc::connect_timeout, {});
  });
  transport_->connect(request);
}

void session::on_transport_open(std::uint64_t epoch, transport_open info) {
  if (epoch == epoch_ && transport_) {
    opened(std::move(info));
  }
}

void session::opened(transport_open info) {
  cancel(connect_timer_);
  last_inbound_ = events_->now();
  awaiting_pong_ = false;
  std::size_t expired = 0;
  {
    std::lock_guard lock(shared_->mutex);
    ++shared_->stats.connects;
    expired = shared_->box.expire(events_->now());
    shared_->stats.messages_expired += expired;
    // The outbox goes out first, in order, ahead of anything sent from now on.
    std::vector<message> queued;
    shared_->box.take_all(queued);
    shared_->ready_bytes += payload_bytes(queued);
    std::move(shared_->ready.begin(), shared_->ready.end(), std::back_inserter(queued));
    shared_->ready = std::move(queued);
    shared_->open = true;
  }
  if (!set_state(connection_state::open)) {
    return;
  }
  if (expired > 0 &&
      !emit(handlers_.error, make_error_code(errc::message_expired),
            std::to_string(expired) + " queued message(s) outlived the outbox TTL")) {
    return;
  }
  if (options_.reconnect.stable_after > milliseconds(0)) {
    stable_timer_ = after(options_.reconnect.stable_after, [](session& s) {
      s.stable_timer_.reset();
      s.reset_backoff();
    });
  } else {
    reset_backoff();
  }
  schedule_ping();
  schedule_heartbeat();
  schedule_silence_check(options_.liveness.silence_timeout);

  if (handlers_.open_hook) {
    {
      std::lock_guard lock(shared_->mutex);
      shared_->in_open_hook = true;
    }
    const bool alive = emit(handlers_.open_hook, *owner_);
    {
      std::lock_guard lock(shared_->mutex);
      shared_->in_open_hook = false;
    }
    if (!alive) {
      return;
    }
  }
  if (!emit(handlers_.open, open_info{attempt_url_, std::move(info.subprotocol),
                                      std::move(info.extensions), attempt_})) {
    return;
  }
  flush();
}

void session::flush() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->flush_posted = false;
    if (!shared_->open || !transport_) {
      return;
    }
    // Hook messages first, then the rest in the order they were sent.
    std::move(shared_->priority.begin(), shared_->priority.end(), std::back_inserter(batch_));
    std::move(shared_->ready.begin(), shared_->ready.end(), std::back_inserter(batch_));
    shared_->priority.clear();
    shared_->ready.clear();
    shared_->in_transport_bytes += shared_->ready_bytes;
    shared_->stats.messages_sent += batch_.size();
    shared_->stats.bytes_sent += shared_->ready_bytes;
    shared_->ready_bytes = 0;
  }
  for (auto& m : batch_) {
    transport_->send(std::move(m));
  }
  batch_.clear();
}

void session::on_transport_message(std::uint64_t epoch, message_view m) {
  if (epoch != epoch_ || !transport_) {
    return;
  }
  last_inbound_ = events_->now();
  awaiting_pong_ = false;  // any frame proves the peer is alive
  {
    std::lock_guard lock(shared_->mutex);
    ++shared_->stats.messages_received;
    shared_->stats.bytes_received += m.data.size();
  }
  emit(handlers_.message, m);
}

void session::on_transport_pong(std::uint64_t epoch) {
  if (epoch != epoch_ || !transport_) {
    return;
  }
  last_inbound_ = events_->now();
  awaiting_pong_ = false;
  cancel(pong_timer_);
}

void session::on_transport_written(std::uint64_t epoch, std::size_t bytes) {
  if (epoch != epoch_) {
    return;  // ended() has already zeroed the count for that attempt
  }
  shared_->in_transport_bytes -= std::min(bytes, shared_->in_transport_bytes.load());
}

void session::on_transport_closed(std::uint64_t epoch, transport_closed info) {
  if (epoch == epoch_ && transport_) {
    ended(std::move(info));
  }
}

void session::return_unsent(std::vector<message>&& unsent) {
  std::lock_guard lock(shared_->mutex);
  shared_->open = false;
  shared_->in_transport_bytes = 0;
  // Oldest first: what the transport had not started, then what the session had not yet
  // handed to it. They were accepted, so the outbox limits do not apply to them.
  std::move(shared_->priority.begin(), shared_->priority.end(), std::back_inserter(unsent));
  std::move(shared_->ready.begin(), shared_->ready.end(), std::back_inserter(unsent));
  shared_->priority.clear();
  shared_->ready.clear();
  shared_->ready_bytes = 0;
  if (!shared_->stopped) {
    shared_->box.push_front(std::move(unsent), events_->now());
  }
}

void session::ended(transport_closed info) {
  const auto state = shared_->state.load();
  const bool was_open = state == connection_state::open || state == connection_state::closing;
  transport_.reset();
  ++epoch_;
  cancel_timers();
  return_unsent(std::move(info.unsent));

  if (user_closed_) {
    close_info ci;
    ci.code = info.why.close_code != 0 ? info.why.close_code : 1006;
    ci.reason = info.why.close_reason;
    ci.was_clean = info.was_clean;
    ci.error = errc::closed_by_user;
    finish_closed(std::move(ci));
    return;
  }

  failure f = std::move(info.why);
  f.was_open = was_open;
  const auto what = describe(f, info.detail);
  const auto now = events_->now();
  if (!outage_start_) {
    outage_start_ = now;
  }
  ++failures_;
  log(log_level::info, (was_open ? "connection ended: " : "attempt failed: ") + what);
  if (!was_open && !emit(handlers_.error, f.error, what)) {
    return;
  }

  retry_decision decision;
  if (options_.reconnect.classifier) {
    if (!gate_->enter()) {
      return;
    }
    decision = options_.reconnect.classifier(f);
    gate_->leave();
    if (gate_->closed()) {
      return;
    }
  } else {
    decision = default_classifier(f);
  }
  const auto& r = options_.reconnect;
  if (!r.enabled) {
    give_up(errc::gave_up, f, info.was_clean);
    return;
  }
  if (!decision.retry) {
    give_up(errc::not_retryable, f, info.was_clean);
    return;
  }
  if (r.max_attempts != 0 && failures_ > r.max_attempts) {
    give_up(errc::gave_up, f, info.was_clean);
    return;
  }
  auto delay = failures_ == 1 && r.random_first_delay ? backoff_.first_delay()
                                                      : backoff_.delay_for(failures_);
  if (decision.min_delay) {
    delay = std::max(delay, *decision.min_delay);
  }
  if (r.max_elapsed > milliseconds(0) && now + delay - *outage_start_ > r.max_elapsed) {
    give_up(errc::gave_up, f, info.was_clean);
    return;
  }

  if (offline_) {
    retry_paused_ = true;  // network_changed(true) starts the attempt
  } else {
    retry_timer_ = after(delay, [](session& s) { s.begin_attempt(); });
  }
  if (!set_state(connection_state::waiting)) {
    return;
  }
  if (was_open) {
    close_info ci;
    ci.code = f.close_code != 0 ? f.close_code : 1006;
    ci.reason = f.close_reason;
    ci.was_clean = info.was_clean;
    ci.error = f.error;
    ci.will_reconnect = true;
    ci.reconnect_delay = delay;
    if (!emit(handlers_.close, ci)) {
      return;
    }
  }
  log(log_level::info, "reconnecting in " + std::to_string(delay.count()) + " ms (attempt " +
                           std::to_string(attempt_ + 1) + ")");
  emit(handlers_.reconnecting, reconnect_info{attempt_ + 1, delay, f, offline_});
}

void session::network_changed(bool online) {
  offline_ = !online;
  if (shared_->state.load() != connection_state::waiting) {
    return;  // an open connection finds out by itself; a running attempt fails or succeeds
  }
  if (!online) {
    if (retry_timer_) {
      cancel(retry_timer_);
      retry_paused_ = true;
      log(log_level::info, "offline: reconnect paused until the network is back");
    }
    return;
  }
  if (retry_paused_ || retry_timer_) {
    log(log_level::info, "online again: reconnecting now");
    cancel(retry_timer_);
    retry_paused_ = false;
    begin_attempt();
  }
}

void session::give_up(std::error_code reason, const failure& last, bool was_clean) {
  gave_up_info g;
  g.reason = reason;
  g.last_failure = last;
  g.attempts = attempt_;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopped = true;
    shared_->box.take_all(g.unsent);
  }
  log(log_level::warn,
      "giving up after " + std::to_string(attempt_) + " attempt(s): " + describe(last));
  // The close event says what ended the connection; gave_up_info says why no retry follows.
  close_info ci;
  ci.code = last.close_code != 0 ? last.close_code : 1006;
  ci.reason = last.close_reason;
  ci.was_clean = was_clean;
  ci.error = last.error;
  finish_closed(std::move(ci));
  if (!gate_->closed()) {
    emit(handlers_.gave_up, g);
  }
}

void session::finish_closed(close_info info) {
  cancel_timers();
  if (transport_) {
    transport_->abort();
    transport_.reset();
  }
  ++epoch_;
  started_ = false;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopped = true;
    shared_->active = false;
    shared_->open = false;
    std::vector<message> discarded;
    shared_->box.take_all(discarded);
    shared_->ready.clear();
    shared_->priority.clear();
    shared_->ready_bytes = 0;
    shared_->in_transport_bytes = 0;
  }
  if (!set_state(connection_state::closed)) {
    return;
  }
  emit(handlers_.close, info);
}

void session::close(std::uint16_t code, std::string reason) {
  user_closed_ = true;
  user_close_reason_ = std::move(reason);
  switch (shared_->state.load()) {
    case connection_state::open: {
      // Messages sent before close() go out before the close frame (RFC 6455 section 5.5.1:
      // nothing may follow it).
      flush();
      transport_->close(code, user_close_reason_);
      cancel(ping_timer_);
      cancel(pong_timer_);
      cancel(heartbeat_timer_);
      cancel(silence_timer_);
      cancel(stable_timer_);
      close_timer_ = after(options_.liveness.close_timeout, [](session& s) {
        s.close_timer_.reset();
        close_info ci;
        ci.code = 1006;
        ci.error = errc::close_timeout;
        s.finish_closed(std::move(ci));
      });
      set_state(connection_state::closing);
      return;
    }
    case connection_state::closing:
    case connection_state::closed:
      return;  // already on its way, or done: one close event only
    case connection_state::idle:
    case connection_state::connecting:
    case connection_state::waiting: {
      close_info ci;
      ci.code = code;
      ci.reason = user_close_reason_;
      ci.error = errc::closed_by_user;
      finish_closed(std::move(ci));
      return;
    }
  }
}

void session::fail_now(errc e, std::string detail) {
  if (transport_) {
    transport_->abort();
  }
  transport_closed info;
  info.why.error = e;
  info.why.close_code = 1006;  // no closing handshake happened (RFC 6455 section 7.1.5)
  info.detail = std::move(detail);
  ended(std::move(info));
}

void session::mark_healthy() {
  if (shared_->state.load() == connection_state::open) {
    cancel(stable_timer_);
    reset_backoff();
  }
}

void session::terminate() {
  ++epoch_;
  cancel_timers();
  if (transport_) {
    transport_->abort();
    transport_.reset();
  }
  started_ = false;
}

bool session::set_state(connection_state s) {
  if (shared_->state.exchange(s) == s) {
    return !gate_->closed();
  }
  return emit(handlers_.state, s);
}

void session::reset_backoff() {
  attempt_ = 0;
  failures_ = 0;
  outage_start_.reset();
  backoff_.reset();
}

void session::cancel(std::optional<scheduler::timer_id>& t) {
  if (t) {
    events_->cancel(*t);
    t.reset();
  }
}

void session::cancel_timers() {
  cancel(connect_timer_);
  cancel(retry_timer_);
  cancel(close_timer_);
  cancel(stable_timer_);
  cancel(ping_timer_);
  cancel(pong_timer_);
  cancel(heartbeat_timer_);
  cancel(silence_timer_);
  awaiting_pong_ = false;
}

void session::schedule_ping() {
  const auto interval = options_.liveness.ping_interval.value_or(
      caps_.protocol_ping ? default_ping_interval : milliseconds(0));
  if (interval <= milliseconds(0) || !caps_.protocol_ping) {
    return;
  }
  ping_timer_ = after(interval, [](session& s) {
    s.ping_timer_.reset();
    if (!s.awaiting_pong_ && s.transport_) {
      s.awaiting_pong_ = true;
      const auto sent_at = s.events_->now();
      s.transport_->ping();
      s.pong_timer_ = s.after(s.options_.liveness.pong_timeout, [sent_at](session& t) {
        t.pong_timer_.reset();
        // Any frame since the ping proves the peer alive (RFC 6455 section 5.5.3 lets a
        // peer skip pongs it answers late), so only total silence counts.
        if (t.awaiting_pong_ && t.last_inbound_ <= sent_at) {
          t.fail_now(errc::pong_timeout, "half-open connection");
        }
      });
    }
    s.schedule_ping();
  });
}

void session::schedule_heartbeat() {
  const auto interval = options_.liveness.heartbeat_interval;
  if (interval <= milliseconds(0)) {
    return;
  }
  heartbeat_timer_ = after(interval, [](session& s) {
    s.heartbeat_timer_.reset();
    if (s.transport_) {
      message m{message_kind::text, s.options_.liveness.heartbeat_message};
      {
        std::lock_guard lock(s.shared_->mutex);
        ++s.shared_->stats.messages_sent;
        s.shared_->stats.bytes_sent += m.data.size();
        s.shared_->in_transport_bytes += m.data.size();
      }
      s.transport_->send(std::move(m));
    }
    s.schedule_heartbeat();
  });
}

void session::schedule_silence_check(milliseconds delay) {
  const auto limit = options_.liveness.silence_timeout;
  if (limit <= milliseconds(0)) {
    return;
  }
  silence_timer_ = after(delay, [limit](session& s) {
    s.silence_timer_.reset();
    const auto quiet = std::chrono::duration_cast<milliseconds>(s.events_->now() - s.last_inbound_);
    if (quiet >= limit) {
      s.fail_now(errc::silence_timeout, "half-open connection");
    } else {
      s.schedule_silence_check(limit - quiet);
    }
  });
}

}  // namespace wsclient::detail
