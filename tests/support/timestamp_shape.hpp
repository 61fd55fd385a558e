// The shape of the demo server's timestamps, checked by hand: a fixed pattern needs no
// std::regex, and GCC 12 reports -Wmaybe-uninitialized inside libstdc++'s <regex> when built
// with -fsanitize=address, which broke the native-asan preset under -Werror.
#pragma once

#include <cctype>
#include <string_view>

namespace wsclient::test {

/// True when text is shaped as 2026-11-25T17:29:00.123456Z (docs/protocol.md, "/time"):
/// digits where digits go, every separator in its place; whether the date exists is not checked.
inline bool has_utc_timestamp_shape(std::string_view text) {
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  if (text.size() != shape.size()) {
    return false;
  }
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool ok = shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0
                                    : text[i] == shape[i];
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace wsclient::test
