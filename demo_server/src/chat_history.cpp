#include "chat_history.hpp"

#include <algorithm>

namespace wsclient::demo {

bool chat_history::add(chat_message message) {
  if (message.id <= last_id_) {
    return false;
  }
  if (last_id_ == 0) {
    dropped_up_to_ = message.id - 1;
  }
  last_id_ = message.id;
  // The newest message with a client id wins the index: the one a resend is answered with.
  ids_by_client_.insert_or_assign({message.from, message.client_msg_id}, message.id);
  kept_.push_back(std::move(message));
  while (kept_.size() > max_kept_) {
    const auto& oldest = kept_.front();
    const auto entry = ids_by_client_.find({oldest.from, oldest.client_msg_id});
    if (entry != ids_by_client_.end() && entry->second == oldest.id) {
      ids_by_client_.erase(entry);
    }
    dropped_up_to_ = oldest.id;
    kept_.pop_front();
  }
  return true;
}

const chat_message* chat_history::find(const std::string& from,
                                       const std::string& client_msg_id) const {
  const auto entry = ids_by_client_.find({from, client_msg_id});
  if (entry == ids_by_client_.end()) {
    return nullptr;
  }
  // Ids increase along kept_, so a binary search finds the message.
  const auto it = std::lower_bound(
      kept_.begin(), kept_.end(), entry->second,
      [](const chat_message& message, std::uint64_t id) { return message.id < id; });
  return it != kept_.end() && it->id == entry->second ? &*it : nullptr;
}

chat_replay chat_history::after(std::uint64_t since, std::size_t max) const {
  auto first = std::upper_bound(
      kept_.begin(), kept_.end(), since,
      [](std::uint64_t id, const chat_message& message) { return id < message.id; });
  bool left_out = since < dropped_up_to_;
  if (static_cast<std::size_t>(kept_.end() - first) > max) {
    first = kept_.end() - static_cast<std::ptrdiff_t>(max);
    left_out = true;
  }
  chat_replay replay;
  replay.messages.assign(first, kept_.end());
  if (left_out && !replay.messages.empty()) {
    replay.truncated_oldest = replay.messages.front().id;
  }
  return replay;
}

}  // namespace wsclient::demo
