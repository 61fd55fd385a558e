// UTF-8 validation for outgoing text messages (RFC 6455 section 5.6: text is UTF-8; a peer
// that receives invalid UTF-8 must fail the connection, section 8.1).
#pragma once

#include <string_view>

namespace wsclient::detail {

/// True when text is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

/// True when text, a valid UTF-8 prefix, stops inside a multi-byte sequence. Beast checks the
/// UTF-8 of a text message as its bytes arrive but (1.81) skips the end-of-message check when
/// the final frame is empty, which RFC 6455 section 5.4 allows: a message cut inside a
/// sequence then gets through. Whoever reads text messages with Beast checks this too.
bool ends_inside_utf8_sequence(std::string_view text) noexcept;

}  // namespace wsclient::detail
