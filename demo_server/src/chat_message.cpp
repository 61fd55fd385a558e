#include "chat_message.hpp"

#include <nlohmann/json.hpp>

namespace wsclient::demo {

std::string to_json_text(const chat_message& message) {
  // ordered_json keeps "type" first, as every message of the demo server has it.
  nlohmann::ordered_json json;
  json["type"] = "message";
  json["id"] = message.id;
  json["from"] = message.from;
  json["text"] = message.text;
  json["client_msg_id"] = message.client_msg_id;
  json["ts"] = message.ts;
  // The strings were checked as UTF-8 when they came in; replace rather than throw regardless.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<chat_message> parse_chat_message(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  if (const auto type = json.find("type"); type == json.end() || *type != "message") {
    return std::nullopt;
  }
  const auto id = json.find("id");
  if (id == json.end() || !id->is_number_unsigned() || id->get<std::uint64_t>() == 0) {
    return std::nullopt;
  }
  chat_message message;
  message.id = id->get<std::uint64_t>();
  for (auto [key, field] :
       {std::pair{"from", &message.from}, std::pair{"text", &message.text},
        std::pair{"client_msg_id", &message.client_msg_id}, std::pair{"ts", &message.ts}}) {
    const auto value = json.find(key);
    if (value == json.end() || !value->is_string()) {
      return std::nullopt;
    }
    *field = value->get<std::string>();
  }
  return message;
}

}  // namespace wsclient::demo
