// UTF-8 validation for outgoing text messages (RFC 6455 section 5.6: text is UTF-8; a peer
// that receives invalid UTF-8 must fail the connection, section 8.1).
#pragma once

#include <string_view>

namespace wsclient::detail {

/// True when text is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace wsclient::detail
