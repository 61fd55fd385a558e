// The close codes and reasons RFC 6455 allows. What a client may put in its close frame: the
// browser's WebSocket.close() throws for anything else, so both targets enforce the same rules
// here, before anything is sent. Which codes a received close frame may carry: the same as may
// be sent (a peer that receives another fails the connection with 1002).
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

#include "utf8.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

/// RFC 6455 section 5.5: a control frame carries at most 125 bytes, 2 of them the code.
inline constexpr std::size_t max_close_reason_bytes = 123;

/// Codes an endpoint may put in a close frame, and so the only ones it may receive: 1000-1003
/// and 1007-1014 are defined (section 7.4.1 and the IANA registry: 1012-1014 were added
/// there), 1004-1006 and 1015 must never be sent, 1016-2999 are reserved for future revisions,
/// 3000-4999 are for libraries and applications, 0-999 and 5000 up are not used (section
/// 7.4.2). The client judges received codes by it (frame_scanner.hpp); the demo server's test
/// hooks, the codes they are asked to send.
constexpr bool is_sendable_close_code(unsigned code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

/// 1000 (normal) or an application code 3000-4999; 1001-2999 are reserved for the protocol
/// and its extensions (RFC 6455 section 7.4.2), and browsers refuse them from scripts.
inline std::error_code check_close(std::uint16_t code, std::string_view reason) {
  if (code != 1000 && (code < 3000 || code > 4999)) {
    return errc::invalid_close_code;
  }
  if (reason.size() > max_close_reason_bytes) {
    return errc::close_reason_too_long;
  }
  if (!is_valid_utf8(reason)) {
    return errc::invalid_utf8;  // the reason is UTF-8 text too (section 5.5.1)
  }
  return {};
}

}  // namespace wsclient::detail
