#include "frames.hpp"

#include <array>
#include <cstdint>

namespace bench {

namespace {

// Any fixed key will do: the frames are built once and the peer is ours (a real client picks
// a fresh random key per frame, section 5.3; the floor skips that on purpose).
constexpr std::array<std::uint8_t, 4> masking_key{0x37, 0xfa, 0x21, 0x3d};
constexpr std::size_t bytes_per_write = 256 * 1024;

std::string frame(std::uint8_t opcode, const std::string& payload, direction dir) {
  const bool masked = dir == direction::to_server;
  const std::uint8_t mask_bit = masked ? 0x80 : 0x00;
  std::string out;
  out.push_back(static_cast<char>(0x80 | opcode));  // FIN + opcode
  const auto n = payload.size();
  // Section 5.2: 7-bit length, or 126 + 16-bit, or 127 + 64-bit, in network byte order.
  if (n < 126) {
    out.push_back(static_cast<char>(mask_bit | n));
  } else if (n <= 0xffff) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xff));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff));
    }
  }
  if (!masked) {
    return out + payload;
  }
  out.append(masking_key.begin(), masking_key.end());
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ masking_key[i % 4]));
  }
  return out;
}

std::string payload_of(std::size_t size) {
  std::string p(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    p[i] = static_cast<char>('a' + i % 26);
  }
  return p;
}

}  // namespace

std::size_t frame_bytes(std::size_t size, direction dir) {
  return frame(0x2, std::string(size, '\0'), dir).size();  // the length rules live in frame()
}

std::string close_frame(direction dir) {
  return frame(0x8, std::string{'\x03', '\xe8'}, dir);  // 1000, section 5.5.1
}

frame_batch::frame_batch(std::size_t size, direction dir) {
  const auto one = frame(0x2, payload_of(size), dir);
  frames_ = one.size() >= bytes_per_write ? 1 : bytes_per_write / one.size();
  bytes_.reserve(one.size() * frames_);
  for (std::uint64_t i = 0; i < frames_; ++i) {
    bytes_ += one;
  }
}

}  // namespace bench
