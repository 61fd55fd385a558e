#include "chat_replies.hpp"

#include <nlohmann/json.hpp>

#include "error_reply.hpp"

namespace wsclient::demo {

namespace {

// Every reply is compact JSON with "type" first, as the room's messages (chat_message.hpp).
shared_payload reply(const nlohmann::ordered_json& json) {
  return make_payload(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

shared_payload chat_ack(const std::string& client_msg_id, std::uint64_t id) {
  return reply({{"type", "ack"}, {"client_msg_id", client_msg_id}, {"id", id}});
}

shared_payload chat_presence(const std::vector<std::string>& users) {
  return reply({{"type", "presence"}, {"users", users}});
}

shared_payload chat_truncated(std::uint64_t oldest) {
  return reply({{"type", "truncated"}, {"oldest", oldest}});
}

std::string chat_already_joined(const std::string& name) {
  return "already joined as " + quote_client_text(name) + "; one join per connection";
}

}  // namespace wsclient::demo
