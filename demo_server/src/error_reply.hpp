// The {"type":"error","message":"..."} reply that /counter and /chat send for bad input.
#pragma once

#include <string>
#include <string_view>

#include "connection.hpp"

namespace wsclient::demo {

/// {"type":"error","message":TEXT}, compact, "type" first (docs/protocol.md).
shared_payload error_reply(const std::string& text);

/// Client text quoted for an error message: in double quotes, cut to 64 bytes (never inside a
/// UTF-8 sequence) with "..." when cut, so that an error reply stays small.
std::string quote_client_text(std::string_view text);

}  // namespace wsclient::demo
