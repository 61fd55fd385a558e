// Whole-message WebSocket frames written without Beast (RFC 6455 section 5.2), so that many
// small messages go out in one write: Beast writes one message per operation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::detail {

using mask_key = std::array<unsigned char, 4>;

/// The largest header: 2 bytes, a 64-bit length, a mask key.
inline constexpr std::size_t max_frame_header_bytes = 14;

/// Appends one frame holding a whole message: FIN set, RSV bits clear (uncompressed, which
/// RFC 7692 section 6 allows for any message), opcode text or binary. A client masks every
/// frame with a fresh unpredictable key (section 5.3); a server passes no key.
void append_frame(std::string& out, bool text, std::string_view payload,
                  const std::optional<mask_key>& mask);

/// Appends a close frame (opcode 8) whose payload is the status code alone, for failing a
/// connection (section 7.1.7): no reason is needed, the code says why.
void append_close_frame(std::string& out, std::uint16_t code, const std::optional<mask_key>& mask);

}  // namespace wsclient::detail
