#include "counter_room.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "counter_messages.hpp"
#include "error_reply.hpp"

namespace wsclient::demo {

namespace {

// A connection that ended without leave() (or before it) must not keep being counted.
void prune_expired(std::map<std::uint64_t, std::weak_ptr<connection>>& members) {
  std::erase_if(members, [](const auto& entry) { return entry.second.expired(); });
}

}  // namespace

void counter_room::join(const std::shared_ptr<connection>& member) {
  if (!member) {
    return;
  }
  const std::lock_guard lock(mutex_);
  members_.insert_or_assign(member->id(), member);
  prune_expired(members_);
  // The users count goes out first, before the state, because the seed sends them in that
  // order and its page renders whatever arrives.
  broadcast_locked(users_message(members_.size()));
  member->send(state_message(value_), true);
}

void counter_room::leave(const connection& member) {
  const std::lock_guard lock(mutex_);
  if (members_.erase(member.id()) == 0) {
    return;
  }
  prune_expired(members_);
  broadcast_locked(users_message(members_.size()));
}

std::string counter_room::handle(connection& sender, std::string_view data, bool is_text) {
  std::string error;
  const int delta = parse_counter_action(data, is_text, error);

  if (error.empty()) {
    const std::lock_guard lock(mutex_);
    // Signed overflow is undefined behaviour; refusing keeps the value and every client intact.
    if ((delta > 0 && value_ == std::numeric_limits<std::int64_t>::max()) ||
        (delta < 0 && value_ == std::numeric_limits<std::int64_t>::min())) {
      error = counter_at_limit;
    } else {
      value_ += delta;
      broadcast_locked(state_message(value_));
      return error;
    }
  }
  sender.send(error_reply(error), true);
  return error;
}

std::int64_t counter_room::value() const {
  const std::lock_guard lock(mutex_);
  return value_;
}

std::size_t counter_room::users() const {
  const std::lock_guard lock(mutex_);
  std::size_t live = 0;
  for (const auto& [id, member] : members_) {
    live += member.expired() ? 0 : 1;
  }
  return live;
}

void counter_room::broadcast_locked(const shared_payload& payload) {
  for (auto it = members_.begin(); it != members_.end();) {
    if (const auto member = it->second.lock()) {
      member->send(payload, true);
      ++it;
    } else {
      it = members_.erase(it);
    }
  }
}

}  // namespace wsclient::demo
