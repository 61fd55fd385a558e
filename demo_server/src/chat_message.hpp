// One stored chat message, and its JSON text: the same line goes to clients and to the log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::demo {

/// A message of the /chat room as stored (docs/protocol.md, "/chat").
struct chat_message {
  std::uint64_t id = 0;       ///< assigned by the store, once, increasing
  std::string from;           ///< the sender's NAME
  std::string text;           ///< TEXT, 1-4096 bytes of UTF-8
  std::string client_msg_id;  ///< CID, the sender's own id for it (dedup per NAME)
  std::string ts;             ///< when it was stored: "2026-12-01T21:49:44.586Z"

  bool operator==(const chat_message&) const = default;
};

/// {"type":"message","id":N,"from":NAME,"text":TEXT,"client_msg_id":CID,"ts":TS}: compact,
/// keys in this order, non-ASCII as UTF-8, one line (JSON escapes every control character).
std::string to_json_text(const chat_message& message);

/// The message in text as to_json_text() writes it (keys in any order); nullopt when text is
/// not such an object (a torn or damaged log line).
std::optional<chat_message> parse_chat_message(std::string_view text);

}  // namespace wsclient::demo
