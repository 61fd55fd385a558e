// The chat messages a store keeps in memory: ordered by id, bounded, indexed by client id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>

#include "chat_message.hpp"
#include "chat_store.hpp"

namespace wsclient::demo {

/// The newest max_kept messages, oldest first. No I/O: the file store (and its tests) build on it.
/// @par Thread Safety  Not thread-safe.
class chat_history {
 public:
  explicit chat_history(std::size_t max_kept) : max_kept_(max_kept < 1 ? 1 : max_kept) {}

  /// Keeps message, whose id must be above every id seen so far (false, nothing kept,
  /// otherwise); drops the oldest message when more than max_kept are kept. The first message
  /// added to an empty history counts every lower id as dropped (a log that was compacted).
  bool add(chat_message message);

  /// The kept message from this sender with this client id, or nullptr.
  const chat_message* find(const std::string& from, const std::string& client_msg_id) const;

  /// chat_store::after(): the newest max messages above since; truncated_oldest when any
  /// message above since is left out (over max, or dropped).
  chat_replay after(std::uint64_t since, std::size_t max) const;

  /// The newest id ever added (kept or dropped); 0 when none.
  std::uint64_t last_id() const { return last_id_; }
  const std::deque<chat_message>& kept() const { return kept_; }

 private:
  std::size_t max_kept_;
  std::deque<chat_message> kept_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> ids_by_client_;
  std::uint64_t last_id_ = 0;
  std::uint64_t dropped_up_to_ = 0;  ///< every id up to this one is no longer kept
};

}  // namespace wsclient::demo
