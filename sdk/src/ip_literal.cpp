#include "ip_literal.hpp"

#include <arpa/inet.h>

#include <string>

namespace wsclient::detail {

std::optional<ip_address> parse_ip_literal(std::string_view text) {
  // inet_pton() parses without a lookup (getaddrinfo would resolve a name).
  const std::string s(text);
  ip_address a;
  if (::inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    return a;
  }
  if (::inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.v6 = true;
    return a;
  }
  return std::nullopt;
}

bool in_block(const ip_address& address, const ip_address& network, unsigned prefix_bits) {
  if (address.v6 != network.v6 || prefix_bits > (address.v6 ? 128U : 32U)) {
    return false;
  }
  const unsigned whole = prefix_bits / 8;
  for (unsigned i = 0; i < whole; ++i) {
    if (address.bytes[i] != network.bytes[i]) {
      return false;
    }
  }
  const unsigned rest = prefix_bits % 8;
  if (rest == 0) {
    return true;
  }
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (address.bytes[whole] & mask) == (network.bytes[whole] & mask);
}

}  // namespace wsclient::detail
