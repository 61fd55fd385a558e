// The /counter protocol's messages (docs/protocol.md, "/counter"), shared by the room in one
// process (counter_room.hpp) and the room over Redis (redis_counter_room.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "connection.hpp"

namespace wsclient::demo {

/// What a client's message asks: +1 for {"action":"plus"}, -1 for "minus"; 0 with error set
/// for anything else (bad JSON, unknown action, binary).
int parse_counter_action(std::string_view data, bool is_text, std::string& error);

/// {"type":"state","value":V}
shared_payload state_message(std::int64_t value);

/// {"type":"users","count":N}
shared_payload users_message(std::uint64_t count);

/// Why a plus or minus was refused at the edge of a signed 64-bit value.
inline constexpr std::string_view counter_at_limit =
    "the counter cannot go any further in that direction";

}  // namespace wsclient::demo
