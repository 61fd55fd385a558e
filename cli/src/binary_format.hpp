// How wsclient-cli prints a binary message on a text terminal: its size and the hex of its
// first bytes, so that one message stays one line whatever its size or content.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wsclient::cli {

/// Bytes of a binary message shown in hex before the rest is elided.
inline constexpr std::size_t binary_preview_bytes = 32;

/// "<binary N bytes: HEX>" with the lower-case hex of the first max_bytes bytes, followed by
/// "…" (U+2026) when the message is longer: "<binary 3 bytes: 0102ff>".
std::string format_binary(std::string_view bytes, std::size_t max_bytes = binary_preview_bytes);

}  // namespace wsclient::cli
