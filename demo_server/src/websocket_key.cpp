#include "websocket_key.hpp"

#include <algorithm>
#include <cstddef>

namespace wsclient::demo {

namespace {

bool is_base64_digit(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

bool is_websocket_key(std::string_view key) noexcept {
  // 16 bytes are 128 bits: 21 digits of 6 bits and a 22nd holding the last 2 bits (its low 4
  // bits zero in a canonical encoding; lenient here, as the accept hash does not care), then
  // two padding characters.
  constexpr std::size_t digits = 22;
  return key.size() == digits + 2 && key.substr(digits) == "==" &&
         std::all_of(key.begin(), key.begin() + digits, is_base64_digit);
}

}  // namespace wsclient::demo
