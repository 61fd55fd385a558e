// Tracked sends waiting for the application's acknowledgement: the one way to close the
// at-most-once window of a WebSocket (a message handed to the network just before the link
// died may never have arrived, and nothing in RFC 6455 says so). Kept in order until
// acknowledged; after every reconnect, all of them go out again. No I/O, no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wsclient/error.hpp"
#include "wsclient/events.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

/// @par Thread Safety  Not thread-safe.
class tracked_store {
 public:
  /// A tracked message's number: increasing in the order they were added, never 0.
  using sequence = std::uint64_t;

  explicit tracked_store(const tracking_options& options) : options_(options) {}

  struct add_result {
    errc refused{};           ///< set when not added
    sequence seq = 0;         ///< the new message's number
    std::size_t dropped = 0;  ///< oldest messages forgotten to make room (drop_oldest)
  };
  /// Keeps a copy of m under id, or refuses it (empty or pending id, limits per the policy).
  /// A message larger than max_bytes on its own is always refused.
  add_result add(std::string_view id, const message& m);

  /// Forgets the message with this id; false when none is pending.
  bool acknowledge(std::string_view id);

  /// Calls fn(seq, message, sent_before) for every pending message, oldest first;
  /// sent_before: an earlier connection's transport took it.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& [seq, e] : entries_) {
      fn(seq, e.m, e.sent_before);
    }
  }

  /// The connection's transport took message `seq` as its `position`-th message (counted from
  /// 0 for each connection), so that what it gives back unsent can be recognised.
  void handed(sequence seq, std::uint64_t position);
  /// Whether the position-th message handed to this connection's transport was a tracked one
  /// that is still pending (then it will go again with the others: not as an unsent one).
  bool handed_at(std::uint64_t position) const { return by_position_.count(position) != 0; }
  /// A new connection: positions start again.
  void new_connection();

  /// Moves every pending message out, oldest first.
  std::vector<tracked_message> take_all();

  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  struct entry {
    std::string id;
    message m;
    std::optional<std::uint64_t> position;  ///< in the current connection, once handed
    bool sent_before = false;               ///< handed to an earlier connection
  };
  void erase(std::map<sequence, entry>::iterator it);

  tracking_options options_;
  std::map<sequence, entry> entries_;  ///< pending, in order
  std::unordered_map<std::string, sequence> by_id_;
  std::unordered_map<std::uint64_t, sequence> by_position_;
  std::size_t bytes_ = 0;
  sequence next_ = 1;
};

}  // namespace wsclient::detail
