#include "raw_websocket.hpp"

#include <array>

namespace wsclient::test {

std::string upgrade_request(std::uint16_t port, std::string_view path) {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

std::optional<std::string_view> after_handshake(std::string_view received) {
  const auto end = received.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  return received.substr(end + 4);
}

std::string client_frame(unsigned opcode, std::string_view payload, bool fin, bool rsv1) {
  constexpr std::array<unsigned char, 4> key{0x37, 0xfa, 0x21, 0x3d};
  std::string frame;
  frame += static_cast<char>((fin ? 0x80U : 0U) | (rsv1 ? 0x40U : 0U) | (opcode & 0x0FU));
  const auto size = payload.size();
  if (size < 126) {
    frame += static_cast<char>(0x80U | size);
  } else if (size < 65536) {
    frame += static_cast<char>(0x80U | 126U);
    frame += static_cast<char>(size >> 8);
    frame += static_cast<char>(size & 0xFFU);
  } else {
    frame += static_cast<char>(0x80U | 127U);
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame += static_cast<char>((size >> shift) & 0xFFU);
    }
  }
  frame.append(key.begin(), key.end());
  for (std::size_t i = 0; i < size; ++i) {
    frame += static_cast<char>(static_cast<unsigned char>(payload[i]) ^ key[i % 4]);
  }
  return frame;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
  std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFFU)};
  payload += reason;
  return payload;
}

std::optional<std::uint16_t> server_frame::close_code() const {
  if (opcode != 0x8 || payload.size() < 2) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                    static_cast<unsigned char>(payload[1]));
}

std::vector<server_frame> server_frames(std::string_view bytes) {
  std::vector<server_frame> frames;
  auto byte = [&bytes](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  while (bytes.size() >= 2) {
    std::size_t header = 2;
    std::uint64_t size = byte(1) & 0x7FU;
    if (size == 126 || size == 127) {
      const std::size_t extra = size == 126 ? 2 : 8;
      if (bytes.size() < header + extra) {
        break;
      }
      size = 0;
      for (std::size_t i = 0; i < extra; ++i) {
        size = (size << 8) | byte(header + i);
      }
      header += extra;
    }
    if (bytes.size() - header < size) {
      break;
    }
    frames.push_back({(byte(0) & 0x80U) != 0, byte(0) & 0x0FU,
                      std::string(bytes.substr(header, static_cast<std::size_t>(size)))});
    bytes.remove_prefix(header + static_cast<std::size_t>(size));
  }
  return frames;
}

}  // namespace wsclient::test
