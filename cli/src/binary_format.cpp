#include "binary_format.hpp"

#include <algorithm>

namespace wsclient::cli {

std::string format_binary(std::string_view bytes, std::size_t max_bytes) {
  constexpr std::string_view digits = "0123456789abcdef";
  const auto shown = std::min(bytes.size(), max_bytes);
  std::string out = "<binary " + std::to_string(bytes.size()) + " bytes: ";
  out.reserve(out.size() + 2 * shown + 4);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out += digits[b >> 4];
    out += digits[b & 0x0f];
  }
  if (shown < bytes.size()) {
    out += "\xe2\x80\xa6";  // "…" in UTF-8
  }
  out += '>';
  return out;
}

}  // namespace wsclient::cli
