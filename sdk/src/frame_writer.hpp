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

/// The opcodes written here (section 5.2): whole data messages, and the close frame that
/// the benchmark's own peers send.
enum class frame_opcode : unsigned char { text = 0x1, binary = 0x2, close = 0x8 };

/// Appends one frame holding a whole message: FIN set, RSV bits clear (uncompressed, which
/// RFC 7692 section 6 allows for any message). A client masks every frame with a fresh
/// unpredictable key (section 5.3); a server passes no key.
void append_frame(std::string& out, frame_opcode opcode, std::string_view payload,
                  const std::optional<mask_key>& mask);

/// The same for a text or a binary message.
inline void append_frame(std::string& out, bool text, std::string_view payload,
                         const std::optional<mask_key>& mask) {
  append_frame(out, text ? frame_opcode::text : frame_opcode::binary, payload, mask);
}

}  // namespace wsclient::detail
