// Close codes (RFC 6455 section 7.4) as the server uses them.
#pragma once

#include <cstddef>

namespace wsclient::demo {

/// RFC 6455 section 5.5: control frame payloads are at most 125 bytes; the code takes 2.
inline constexpr std::size_t max_close_reason_bytes = 123;

/// Codes an endpoint may put in a close frame: 1000-1003 and 1007-1014 are defined
/// (section 7.4.1, IANA registry), 1004-1006 and 1015 must never be sent, 3000-4999 are for
/// libraries and applications (section 7.4.2).
constexpr bool is_sendable_close_code(unsigned code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

}  // namespace wsclient::demo
