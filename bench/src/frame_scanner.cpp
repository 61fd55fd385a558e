#include "frame_scanner.hpp"

#include <algorithm>

namespace bench {

// RFC 6455 section 5.2: 2 bytes, then 0, 2 or 8 bytes of extended length, then a 4-byte
// masking key when the mask bit is set.
bool frame_scanner::parse(const std::uint8_t* p, std::size_t n, header& h) {
  if (n < 2) {
    return false;
  }
  const std::uint8_t length7 = p[1] & 0x7f;
  const std::size_t length_bytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
  const std::size_t mask_bytes = (p[1] & 0x80) != 0 ? 4 : 0;
  h.header_bytes = 2 + length_bytes + mask_bytes;
  if (n < h.header_bytes) {
    return false;
  }
  h.payload_bytes = length7;
  if (length_bytes != 0) {
    h.payload_bytes = 0;
    for (std::size_t i = 0; i < length_bytes; ++i) {
      h.payload_bytes = (h.payload_bytes << 8) | p[2 + i];
    }
  }
  h.opcode = p[0] & 0x0f;
  h.fin = (p[0] & 0x80) != 0;
  return true;
}

void frame_scanner::apply(const header& h) {
  skip_ = h.payload_bytes;
  if (h.opcode == 0x8) {
    closed_ = true;
  } else if (h.opcode < 0x8 && h.fin) {  // section 5.4: control opcodes are 0x8-0xf
    ++messages_;
  }
}

void frame_scanner::feed(const std::uint8_t* data, std::size_t n) {
  std::size_t i = 0;
  while (i < n && !closed_) {
    if (skip_ != 0) {
      const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, n - i));
      skip_ -= step;
      i += step;
      continue;
    }
    header h;
    if (partial_bytes_ == 0 && parse(data + i, n - i, h)) {
      i += h.header_bytes;
      apply(h);
      continue;
    }
    partial_[partial_bytes_++] = data[i++];
    if (parse(partial_.data(), partial_bytes_, h)) {
      partial_bytes_ = 0;
      apply(h);
    }
  }
}

}  // namespace bench
