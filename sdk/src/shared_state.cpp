#include "shared_state.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace wsclient::detail {

namespace {

std::size_t payload_bytes(const std::vector<message>& ms) {
  std::size_t n = 0;
  for (const auto& m : ms) {
    n += m.data.size();
  }
  return n;
}

}  // namespace

void shared_state::append(std::vector<message>& to, std::vector<pending>& from) {
  for (auto& p : from) {
    to.push_back(std::move(p.m));
  }
  from.clear();
}

std::error_code shared_state::start() {
  std::lock_guard lock(mutex_);
  if (phase_ != send_phase::idle && phase_ != send_phase::stopped) {
    return errc::already_started;
  }
  phase_ = send_phase::started;
  return {};
}

void shared_state::stop() {
  std::lock_guard lock(mutex_);
  // A client that never started has nothing to finish: its outbox is discarded now, and
  // connect() may start it again at once.
  if (phase_ == send_phase::idle) {
    phase_ = send_phase::stopped;
    std::vector<message> discarded;
    box_.take_all(discarded);
    tracked_.take_all();
  } else if (phase_ != send_phase::stopped) {
    phase_ = send_phase::stopping;
  }
}

shared_state::admission shared_state::admit(message&& m, const scheduler& events,
                                            std::optional<std::string_view> track_id) {
  std::lock_guard lock(mutex_);
  admission a;
  if (phase_ == send_phase::stopping || phase_ == send_phase::stopped) {
    ++stats_.messages_refused;
    a.result = {send_status::refused, errc::not_connected};
    return a;
  }
  tracked_store::sequence seq = 0;
  if (track_id) {
    const auto r = tracked_.add(*track_id, m);
    stats_.messages_dropped += r.dropped;
    if (r.refused != errc{}) {
      ++stats_.messages_refused;
      a.result = {send_status::refused, r.refused};
      return a;
    }
    seq = r.seq;
  }
  switch (phase_) {
    case send_phase::stopping:
    case send_phase::stopped:
      break;  // refused above
    case send_phase::open:
    case send_phase::open_hook: {
      ready_bytes_ += m.data.size();
      // From the open hook (on the event context) a message goes ahead of the outbox.
      const bool from_hook = phase_ == send_phase::open_hook && events.in_event_context();
      (from_hook ? priority_ : ready_).push_back({std::move(m), seq});
      note_buffered();
      a.result.status = send_status::sent;
      a.post_flush = !flush_posted_.exchange(true, std::memory_order_relaxed);
      return a;
    }
    case send_phase::idle:
    case send_phase::started: {
      if (seq != 0) {
        // Kept by tracked_ alone: it goes out with the other tracked ones once open.
        a.result.status = send_status::queued;
        return a;
      }
      const auto now = events.now();
      stats_.messages_expired += box_.expire(now);
      const auto r = box_.push(std::move(m), now);
      stats_.messages_dropped += r.dropped;
      if (!r.queued) {
        ++stats_.messages_refused;
        a.result = {send_status::refused, errc::outbox_full};
        return a;
      }
      note_buffered();
      a.result.status = send_status::queued;
      return a;
    }
  }
  return a;
}

bool shared_state::acknowledge(std::string_view track_id) {
  std::lock_guard lock(mutex_);
  return tracked_.acknowledge(track_id);
}

send_result shared_state::refuse(errc why) {
  std::lock_guard lock(mutex_);
  ++stats_.messages_refused;
  return {send_status::refused, why};
}

std::size_t shared_state::buffered_amount() const {
  std::lock_guard lock(mutex_);
  return buffered_locked();
}

std::size_t shared_state::buffered_locked() const {
  return box_.bytes() + ready_bytes_ + in_transport_bytes_.load();
}

void shared_state::note_buffered() {
  if (buffered_locked() > low_water_mark_) {
    above_low_water_.store(true, std::memory_order_relaxed);
  }
}

client_stats shared_state::stats(time_point now) const {
  client_stats out;
  {
    std::lock_guard lock(mutex_);
    out = stats_;
    out.queued_messages = box_.size() + ready_.size() + priority_.size();
    out.tracked_pending = tracked_.size();
    if (opened_at_) {
      out.connected_for = std::chrono::duration_cast<std::chrono::milliseconds>(now - *opened_at_);
    }
  }
  out.messages_received = messages_received_.load(std::memory_order_relaxed);
  out.bytes_received = bytes_received_.load(std::memory_order_relaxed);
  return out;
}

void shared_state::count_attempt() {
  std::lock_guard lock(mutex_);
  ++stats_.attempts;
}

std::size_t shared_state::opened(time_point now) {
  std::lock_guard lock(mutex_);
  ++stats_.connects;
  opened_at_ = now;
  const auto expired = box_.expire(now);
  stats_.messages_expired += expired;
  // Tracked messages first (RFC 6455 gives no way to know which of them arrived), then the
  // outbox, then what was sent since (nothing yet: sends before this point were queued).
  std::vector<pending> first;
  tracked_.for_each([&](tracked_store::sequence seq, const message& m, bool sent_before) {
    first.push_back({m, seq});
    ready_bytes_ += m.data.size();
    stats_.tracked_resent += sent_before ? 1 : 0;
  });
  std::vector<message> queued;
  box_.take_all(queued);
  ready_bytes_ += payload_bytes(queued);
  for (auto& m : queued) {
    first.push_back({std::move(m), 0});
  }
  std::move(ready_.begin(), ready_.end(), std::back_inserter(first));
  ready_ = std::move(first);
  if (phase_ == send_phase::started) {
    phase_ = send_phase::open;  // a close() that came first keeps it stopping
  }
  return expired;
}

void shared_state::open_hook_running(bool running) {
  std::lock_guard lock(mutex_);
  const auto from = running ? send_phase::open : send_phase::open_hook;
  if (phase_ == from) {
    phase_ = running ? send_phase::open_hook : send_phase::open;
  }
}

void shared_state::take_ready(std::vector<message>& batch, bool can_send) {
  std::lock_guard lock(mutex_);
  flush_posted_.store(false, std::memory_order_relaxed);
  if (!can_send) {
    return;
  }
  for (auto* from : {&priority_, &ready_}) {
    for (const auto& p : *from) {
      if (p.seq != 0) {
        tracked_.handed(p.seq, handed_);
      }
      ++handed_;
    }
    append(batch, *from);
  }
  in_transport_bytes_ += ready_bytes_;
  stats_.messages_sent += batch.size();
  stats_.bytes_sent += ready_bytes_;
  ready_bytes_ = 0;
}

void shared_state::count_direct_send(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  ++handed_;
  ++stats_.messages_sent;
  stats_.bytes_sent += bytes;
  in_transport_bytes_ += bytes;
}

bool shared_state::written(std::size_t bytes) {
  // Only the event context changes the count; the facade reads it.
  in_transport_bytes_ -= std::min(bytes, in_transport_bytes_.load());
  // Without the lock unless a drain may be due: this runs for every message written.
  if (!above_low_water_.load(std::memory_order_relaxed)) {
    return false;
  }
  std::lock_guard lock(mutex_);
  if (buffered_locked() > low_water_mark_) {
    return false;
  }
  above_low_water_.store(false, std::memory_order_relaxed);
  return true;
}

void shared_state::ping_answered(std::chrono::microseconds rtt) {
  std::lock_guard lock(mutex_);
  stats_.last_ping_rtt = rtt;
}

void shared_state::connection_ended(std::vector<message>&& unsent, time_point now) {
  std::lock_guard lock(mutex_);
  if (phase_ == send_phase::open || phase_ == send_phase::open_hook) {
    phase_ = send_phase::started;
  }
  in_transport_bytes_ = 0;
  opened_at_.reset();
  // Tracked messages go again with the others after the reconnect, not as unsent ones: those
  // the transport gives back are the last it was handed, so their positions tell them apart.
  std::vector<message> kept;
  const auto first_unsent = handed_ - std::min<std::uint64_t>(handed_, unsent.size());
  for (std::size_t i = 0; i < unsent.size(); ++i) {
    if (!tracked_.handed_at(first_unsent + i)) {
      kept.push_back(std::move(unsent[i]));
    }
  }
  unsent = std::move(kept);
  tracked_.new_connection();
  handed_ = 0;
  // Oldest first: what the transport had not started, then what the session had not yet
  // handed to it. They were accepted, so the outbox limits do not apply to them.
  for (auto* from : {&priority_, &ready_}) {
    std::erase_if(*from, [](const pending& p) { return p.seq != 0; });
    append(unsent, *from);
  }
  ready_bytes_ = 0;
  if (phase_ != send_phase::stopping && phase_ != send_phase::stopped) {
    box_.push_front(std::move(unsent), now);
  }
}

std::vector<message> shared_state::give_up(std::vector<tracked_message>& unacknowledged) {
  std::lock_guard lock(mutex_);
  phase_ = send_phase::stopping;
  unacknowledged = tracked_.take_all();
  std::vector<message> unsent;
  box_.take_all(unsent);
  return unsent;
}

void shared_state::finished() {
  std::lock_guard lock(mutex_);
  if (phase_ == send_phase::started) {
    return;  // started again already (see stop()): what is queued is for the start to come
  }
  phase_ = send_phase::stopped;
  std::vector<message> discarded;
  box_.take_all(discarded);
  ready_.clear();
  priority_.clear();
  tracked_.take_all();
  handed_ = 0;
  ready_bytes_ = 0;
  in_transport_bytes_ = 0;
  above_low_water_.store(false, std::memory_order_relaxed);  // discarded is not drained
}

}  // namespace wsclient::detail
