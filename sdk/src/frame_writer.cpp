#include "frame_writer.hpp"

#include <cstring>

namespace wsclient::detail {

namespace {

// XORs the payload with the key, eight bytes at a time (section 5.3: byte i with key[i % 4]).
void mask_into(char* out, std::string_view payload, const mask_key& key) {
  std::uint64_t wide = 0;
  for (int i = 0; i < 8; ++i) {
    reinterpret_cast<unsigned char*>(&wide)[i] = key[i % 4];
  }
  std::size_t i = 0;
  for (; i + 8 <= payload.size(); i += 8) {
    std::uint64_t chunk = 0;
    std::memcpy(&chunk, payload.data() + i, 8);
    chunk ^= wide;
    std::memcpy(out + i, &chunk, 8);
  }
  for (; i < payload.size(); ++i) {
    out[i] = static_cast<char>(payload[i] ^ static_cast<char>(key[i % 4]));
  }
}

}  // namespace

void append_frame(std::string& out, frame_opcode opcode, std::string_view payload,
                  const std::optional<mask_key>& mask) {
  unsigned char header[max_frame_header_bytes];
  std::size_t n = 0;
  header[n++] = static_cast<unsigned char>(0x80u | static_cast<unsigned>(opcode));
  const unsigned char mask_bit = mask ? 0x80 : 0x00;
  const std::uint64_t length = payload.size();
  if (length < 126) {
    header[n++] = static_cast<unsigned char>(mask_bit | length);
  } else if (length <= 0xFFFF) {
    header[n++] = mask_bit | 126;
    header[n++] = static_cast<unsigned char>(length >> 8);
    header[n++] = static_cast<unsigned char>(length);
  } else {
    header[n++] = mask_bit | 127;
    for (int shift = 56; shift >= 0; shift -= 8) {
      header[n++] = static_cast<unsigned char>(length >> shift);
    }
  }
  if (mask) {
    std::memcpy(header + n, mask->data(), 4);
    n += 4;
  }
  const auto start = out.size();
  out.resize(start + n + payload.size());
  std::memcpy(out.data() + start, header, n);
  if (mask) {
    mask_into(out.data() + start + n, payload, *mask);
  } else {
    std::memcpy(out.data() + start + n, payload.data(), payload.size());
  }
}

}  // namespace wsclient::detail
