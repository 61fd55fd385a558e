#include "utf8.hpp"

#include <cstddef>

namespace wsclient::detail {

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    std::size_t extra = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    // RFC 3629 section 4 table: the second byte's range depends on the first byte.
    if (*p >= 0xC2 && *p <= 0xDF) {
      extra = 1;
    } else if (*p == 0xE0) {
      extra = 2;
      lo = 0xA0;
    } else if ((*p >= 0xE1 && *p <= 0xEC) || *p == 0xEE || *p == 0xEF) {
      extra = 2;
    } else if (*p == 0xED) {
      extra = 2;
      hi = 0x9F;  // no UTF-16 surrogates
    } else if (*p == 0xF0) {
      extra = 3;
      lo = 0x90;
    } else if (*p >= 0xF1 && *p <= 0xF3) {
      extra = 3;
    } else if (*p == 0xF4) {
      extra = 3;
      hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= extra) {
      return false;
    }
    if (p[1] < lo || p[1] > hi) {
      return false;
    }
    for (std::size_t i = 2; i <= extra; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) {
        return false;
      }
    }
    p += extra + 1;
  }
  return true;
}

bool ends_inside_utf8_sequence(std::string_view text) noexcept {
  std::size_t continuation = 0;
  for (auto it = text.rbegin(); it != text.rend(); ++it) {
    const auto byte = static_cast<unsigned char>(*it);
    if ((byte & 0xC0) != 0x80) {
      const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
      return continuation + 1 < length;
    }
    if (++continuation == 4) {
      break;
    }
  }
  return continuation > 0;  // only continuation bytes: no valid prefix ends like that
}

}  // namespace wsclient::detail
