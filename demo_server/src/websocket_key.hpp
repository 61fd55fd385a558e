// The one check of an upgrade request Beast 1.81 leaves out: that Sec-WebSocket-Key is a nonce
// of 16 bytes (RFC 6455 section 4.2.1, item 5). Beast only bounds its length.
#pragma once

#include <string_view>

namespace wsclient::demo {

/// True when key is the base64 encoding (RFC 4648 section 4, padded) of exactly 16 bytes: 22
/// characters of the base64 alphabet and "==". Surrounding whitespace is the HTTP parser's to
/// remove (RFC 9110 section 5.5).
bool is_websocket_key(std::string_view key) noexcept;

}  // namespace wsclient::demo
