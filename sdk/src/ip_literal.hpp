// IP address literals, parsed without any lookup: where the options mean an address and not a
// name (client_options::resolve, CIDR blocks in no_proxy).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wsclient::detail {

struct ip_address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  ///< network order; IPv4 in the first 4
};

/// "192.0.2.1" or "2001:db8::1" (no brackets, no zone), or nullopt.
std::optional<ip_address> parse_ip_literal(std::string_view text);

/// Whether address lies in the block of the first prefix_bits bits of network (CIDR, RFC 4632
/// section 3.1 and RFC 4291 section 2.3); never across families.
bool in_block(const ip_address& address, const ip_address& network, unsigned prefix_bits);

}  // namespace wsclient::detail
