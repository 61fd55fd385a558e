// WebSocket bytes written and read by hand (RFC 6455 sections 4.1 and 5.2), for tests that
// must send what no client library would: frames with broken rules, several frames in one write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsclient::test {

/// An opening handshake for path on 127.0.0.1:port, offering no extension.
std::string upgrade_request(std::uint16_t port, std::string_view path);

/// The bytes after the server's handshake response in received, or nullopt while the response
/// is incomplete.
std::optional<std::string_view> after_handshake(std::string_view received);

/// One client frame, masked (section 5.3) with a fixed key; rsv1 sets the first reserved bit.
std::string client_frame(unsigned opcode, std::string_view payload, bool fin = true,
                         bool rsv1 = false);

/// A close frame's payload: the code in network byte order, then the reason (section 5.5.1).
std::string close_payload(std::uint16_t code, std::string_view reason = "");

struct server_frame {
  bool fin = false;
  unsigned opcode = 0;
  std::string payload;
  /// The code of a close frame, nullopt for other frames or a close without one.
  std::optional<std::uint16_t> close_code() const;
};

/// The complete unmasked frames at the start of bytes (a server's frames); an incomplete one at
/// the end is left out.
std::vector<server_frame> server_frames(std::string_view bytes);

}  // namespace wsclient::test
