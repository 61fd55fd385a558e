#include "counter_messages.hpp"

#include <nlohmann/json.hpp>

#include "error_reply.hpp"

namespace wsclient::demo {

int parse_counter_action(std::string_view data, bool is_text, std::string& error) {
  if (!is_text) {
    error = "binary messages are not supported; send JSON text";
    return 0;
  }
  const auto message = nlohmann::json::parse(data, nullptr, false);
  if (message.is_discarded()) {
    error = "message is not valid JSON";
  } else if (!message.is_object()) {
    error = "message is not a JSON object";
  } else if (const auto action = message.find("action");
             action == message.end() || !action->is_string()) {
    error = R"(message has no string "action")";
  } else if (const auto& name = action->get_ref<const std::string&>(); name == "plus") {
    return 1;
  } else if (name == "minus") {
    return -1;
  } else {
    error = "unknown action " + quote_client_text(name) + R"( (expected "plus" or "minus"))";
  }
  return 0;
}

// The messages are built by hand rather than with json::dump() because clients written for the
// seed may compare them as text: the key order ("type" first) and the compact spacing are part
// of the protocol.
shared_payload state_message(std::int64_t value) {
  return make_payload(R"({"type":"state","value":)" + std::to_string(value) + "}");
}

shared_payload users_message(std::uint64_t count) {
  return make_payload(R"({"type":"users","count":)" + std::to_string(count) + "}");
}

}  // namespace wsclient::demo
