// What a /chat client may send, checked: the protocol's shapes and limits in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace wsclient::demo {

/// The limits of docs/protocol.md, "/chat". Characters are Unicode code points of the UTF-8
/// text (so "é" is one character and two bytes); TEXT is counted in bytes.
struct chat_limits {
  static constexpr std::size_t max_name_characters = 32;
  static constexpr std::size_t max_text_bytes = 4096;
  static constexpr std::size_t max_client_msg_id_characters = 64;
};

/// {"type":"join","name":NAME,"since":ID}
struct chat_join {
  std::string name;
  std::uint64_t since = 0;  ///< the last id the client has; 0 (or absent): everything
};

/// {"type":"say","text":TEXT,"client_msg_id":CID}
struct chat_say {
  std::string text;
  std::string client_msg_id;
};

/// Why a message was refused: the text of the error reply.
struct chat_input_error {
  std::string message;
};

using chat_input = std::variant<chat_join, chat_say, chat_input_error>;

/// Parses and checks one message from a client (is_text: it came in a text frame, which the
/// server has already checked for UTF-8). Unknown extra fields are ignored. Whether the
/// message is allowed at this point of the conversation (a say before the join) is the
/// room's business.
chat_input parse_chat_input(std::string_view data, bool is_text);

/// The number of Unicode code points in valid UTF-8 text.
std::size_t utf8_characters(std::string_view text);

}  // namespace wsclient::demo
