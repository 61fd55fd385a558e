#include "chat_input.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "error_reply.hpp"

namespace wsclient::demo {
namespace {

using json = nlohmann::json;

// "name" must be a string of 1 to max characters; the error text, or empty when it is.
std::string check_string(const json& message, const char* key, std::size_t max, bool in_bytes,
                         std::string& out) {
  const auto field = message.find(key);
  if (field == message.end() || !field->is_string()) {
    return std::string(R"(")") + key + R"(" must be a string)";
  }
  const auto& text = field->get_ref<const std::string&>();
  const auto length = in_bytes ? text.size() : utf8_characters(text);
  if (length == 0 || length > max) {
    return std::string(R"(")") + key + R"(" must be 1 to )" + std::to_string(max) +
           (in_bytes ? " bytes" : " characters") + " long (it is " + std::to_string(length) + ")";
  }
  out = text;
  return {};
}

chat_input parse_join(const json& message) {
  chat_join join;
  if (auto error =
          check_string(message, "name", chat_limits::max_name_characters, false, join.name);
      !error.empty()) {
    return chat_input_error{std::move(error)};
  }
  if (const auto since = message.find("since"); since != message.end()) {
    // JSON has one number type: 3.0 is an integer to some clients (JavaScript), not to us.
    if (!since->is_number_unsigned()) {
      return chat_input_error{R"("since" must be an integer of 0 or more)"};
    }
    join.since = since->get<std::uint64_t>();
  }
  return join;
}

chat_input parse_say(const json& message) {
  chat_say say;
  if (auto error = check_string(message, "text", chat_limits::max_text_bytes, true, say.text);
      !error.empty()) {
    return chat_input_error{std::move(error)};
  }
  if (auto error = check_string(message, "client_msg_id", chat_limits::max_client_msg_id_characters,
                                false, say.client_msg_id);
      !error.empty()) {
    return chat_input_error{std::move(error)};
  }
  return say;
}

}  // namespace

std::size_t utf8_characters(std::string_view text) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

chat_input parse_chat_input(std::string_view data, bool is_text) {
  if (!is_text) {
    return chat_input_error{"binary messages are not supported; send JSON text"};
  }
  const auto message = json::parse(data, nullptr, false);
  if (message.is_discarded()) {
    return chat_input_error{"message is not valid JSON"};
  }
  if (!message.is_object()) {
    return chat_input_error{"message is not a JSON object"};
  }
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string()) {
    return chat_input_error{R"(message has no string "type")"};
  }
  const auto& name = type->get_ref<const std::string&>();
  if (name == "join") {
    return parse_join(message);
  }
  if (name == "say") {
    return parse_say(message);
  }
  return chat_input_error{"unknown type " + quote_client_text(name) +
                          R"( (expected "join" or "say"))"};
}

}  // namespace wsclient::demo
