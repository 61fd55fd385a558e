// The /chat room's messages to clients besides the chat messages themselves
// (docs/protocol.md, "/chat"), shared by the room in one process and the room over Redis.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connection.hpp"

namespace wsclient::demo {

/// {"type":"ack","client_msg_id":CID,"id":N}
shared_payload chat_ack(const std::string& client_msg_id, std::uint64_t id);

/// {"type":"presence","users":[NAME,...]}
shared_payload chat_presence(const std::vector<std::string>& users);

/// {"type":"truncated","oldest":N}
shared_payload chat_truncated(std::uint64_t oldest);

/// The error for a second join on one connection.
std::string chat_already_joined(const std::string& name);

/// The error for a say before the join.
inline constexpr std::string_view chat_join_first =
    R"(join first: {"type":"join","name":NAME,"since":ID})";

}  // namespace wsclient::demo
