#include "tracked_store.hpp"

#include <utility>

namespace wsclient::detail {

tracked_store::add_result tracked_store::add(std::string_view id, const message& m) {
  add_result r;
  if (id.empty() || by_id_.count(std::string(id)) != 0) {
    r.refused = errc::invalid_tracking_id;
    return r;
  }
  const auto fits = [&] {
    return entries_.size() < options_.max_messages && bytes_ + m.data.size() <= options_.max_bytes;
  };
  if (m.data.size() > options_.max_bytes || options_.max_messages == 0) {
    r.refused = errc::tracking_full;
    return r;
  }
  if (options_.overflow == overflow_policy::drop_oldest) {
    while (!fits()) {
      erase(entries_.begin());
      ++r.dropped;
    }
  } else if (!fits()) {
    r.refused = errc::tracking_full;
    return r;
  }
  r.seq = next_++;
  by_id_.emplace(std::string(id), r.seq);
  bytes_ += m.data.size();
  entries_.emplace(r.seq, entry{std::string(id), m, std::nullopt});
  return r;
}

bool tracked_store::acknowledge(std::string_view id) {
  const auto found = by_id_.find(std::string(id));
  if (found == by_id_.end()) {
    return false;
  }
  erase(entries_.find(found->second));
  return true;
}

void tracked_store::handed(sequence seq, std::uint64_t position) {
  const auto it = entries_.find(seq);
  if (it == entries_.end()) {
    return;  // acknowledged (or forgotten) since it was queued
  }
  it->second.position = position;
  by_position_[position] = seq;
}

void tracked_store::new_connection() {
  by_position_.clear();
  for (auto& [seq, e] : entries_) {
    e.sent_before = e.sent_before || e.position.has_value();
    e.position.reset();
  }
}

std::vector<tracked_message> tracked_store::take_all() {
  std::vector<tracked_message> out;
  out.reserve(entries_.size());
  for (auto& [seq, e] : entries_) {
    out.push_back({std::move(e.id), e.m.kind, std::move(e.m.data)});
  }
  entries_.clear();
  by_id_.clear();
  by_position_.clear();
  bytes_ = 0;
  return out;
}

void tracked_store::erase(std::map<sequence, entry>::iterator it) {
  by_id_.erase(it->second.id);
  if (it->second.position) {
    by_position_.erase(*it->second.position);
  }
  bytes_ -= it->second.m.data.size();
  entries_.erase(it);
}

}  // namespace wsclient::detail
