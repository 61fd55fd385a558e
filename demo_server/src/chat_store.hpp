// Where the /chat room keeps its messages: ids, history and the dedup of client ids. The
// embedded default is a log file (file_chat_store.hpp); another store (a broker) may replace it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chat_message.hpp"

namespace wsclient::demo {

/// What append() did.
struct chat_append_result {
  /// The stored message: the new one, or, for a duplicate, the one stored before.
  chat_message message;
  bool duplicate = false;  ///< (from, client_msg_id) was already stored: nothing was written
  std::string error;       ///< set when the message could not be stored: nothing was stored
};

/// What a joining client is replayed.
struct chat_replay {
  std::vector<chat_message> messages;  ///< oldest first
  /// Set when messages after `since` exist that are not replayed (beyond the replay limit, or
  /// no longer kept): the id of the first message that is.
  std::optional<std::uint64_t> truncated_oldest;
};

/// @par Thread Safety  Not thread-safe: the room calls it under its own lock, which is also
/// what keeps ids, the replay and the live messages in one order.
class chat_store {
 public:
  virtual ~chat_store() = default;

  /// Stores message (its id is ignored) with the next id, durably, unless the store already
  /// holds a message with the same from and client_msg_id: then that one is returned as a
  /// duplicate. Returns only once the message is as durable as the store promises.
  virtual chat_append_result append(chat_message message) = 0;

  /// The stored messages with an id above since, oldest first: the newest max of them.
  virtual chat_replay after(std::uint64_t since, std::size_t max) const = 0;

  /// The id of the newest message; 0 when there is none.
  virtual std::uint64_t last_id() const = 0;
};

}  // namespace wsclient::demo
