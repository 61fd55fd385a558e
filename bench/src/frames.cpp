#include "frames.hpp"

#include <cstdint>
#include <optional>

#include "frame_writer.hpp"

namespace bench {

namespace {

// Any fixed key will do: the frames are built once and the peer is ours (a real client picks
// a fresh random key per frame, section 5.3; the floor skips that on purpose).
constexpr wsclient::detail::mask_key masking_key{0x37, 0xfa, 0x21, 0x3d};
constexpr std::size_t bytes_per_write = 256 * 1024;

// The encoding is the library's own (frame_writer): the bench only decides what to send.
std::string frame(wsclient::detail::frame_opcode opcode, const std::string& payload,
                  direction dir) {
  std::string out;
  wsclient::detail::append_frame(
      out, opcode, payload,
      dir == direction::to_server ? std::optional(masking_key) : std::nullopt);
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
  return frame(wsclient::detail::frame_opcode::binary, std::string(size, '\0'), dir)
      .size();  // the length rules live in frame()
}

std::string close_frame(direction dir) {
  return frame(wsclient::detail::frame_opcode::close, std::string{'\x03', '\xe8'},
               dir);  // 1000, section 5.5.1
}

frame_batch::frame_batch(std::size_t size, direction dir) {
  const auto one = frame(wsclient::detail::frame_opcode::binary, payload_of(size), dir);
  frames_ = one.size() >= bytes_per_write ? 1 : bytes_per_write / one.size();
  bytes_.reserve(one.size() * frames_);
  for (std::uint64_t i = 0; i < frames_; ++i) {
    bytes_ += one;
  }
}

}  // namespace bench
