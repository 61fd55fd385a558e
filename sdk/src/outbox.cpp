#include "outbox.hpp"

namespace wsclient::detail {

outbox::push_result outbox::push(message&& m, time_point now) {
  push_result r;
  const auto size = m.data.size();
  if (size > options_.max_bytes || options_.max_messages == 0) {
    return r;
  }
  const auto full = [&] {
    return entries_.size() + 1 > options_.max_messages || bytes_ + size > options_.max_bytes;
  };
  if (full()) {
    if (options_.overflow == overflow_policy::reject_new) {
      return r;
    }
    while (!entries_.empty() && full()) {
      bytes_ -= entries_.front().m.data.size();
      entries_.pop_front();
      ++r.dropped;
    }
  }
  bytes_ += size;
  entries_.push_back({std::move(m), now});
  r.queued = true;
  return r;
}

void outbox::push_front(std::vector<message>&& ms, time_point now) {
  for (auto it = ms.rbegin(); it != ms.rend(); ++it) {
    bytes_ += it->data.size();
    entries_.push_front({std::move(*it), now});
  }
  ms.clear();
}

std::size_t outbox::expire(time_point now) {
  if (options_.ttl <= milliseconds(0)) {
    return 0;
  }
  // Not only from the front: messages put back by push_front carry a newer time than some
  // behind them.
  const auto before = entries_.size();
  std::erase_if(entries_, [&](const entry& e) {
    if (now - e.enqueued < options_.ttl) {
      return false;
    }
    bytes_ -= e.m.data.size();
    return true;
  });
  return before - entries_.size();
}

void outbox::take_all(std::vector<message>& out) {
  out.reserve(out.size() + entries_.size());
  for (auto& e : entries_) {
    out.push_back(std::move(e.m));
  }
  entries_.clear();
  bytes_ = 0;
}

}  // namespace wsclient::detail
