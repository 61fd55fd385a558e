#include "resolve_override.hpp"

#include <algorithm>
#include <cctype>

#include "ip_literal.hpp"

namespace wsclient::detail {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string check_resolve_override(const resolve_override& entry) {
  if (entry.host.empty()) {
    return "resolve: an entry without a host name";
  }
  const auto where = "resolve " + entry.host + ":" + std::to_string(entry.port) + ": ";
  if (entry.port == 0) {
    return where + "the port must be a number from 1 to 65535";
  }
  if (entry.addresses.empty()) {
    return where + "no address";
  }
  for (const auto& a : entry.addresses) {
    if (!parse_ip_literal(a)) {
      return where + "\"" + a + "\" is not an IPv4 or IPv6 address";
    }
  }
  return {};
}

const resolve_override* find_resolve_override(const std::vector<resolve_override>& entries,
                                              std::string_view host, std::uint16_t port) {
  const auto it = std::find_if(entries.begin(), entries.end(), [&](const resolve_override& e) {
    return e.port == port && same_name(e.host, host);
  });
  return it == entries.end() ? nullptr : &*it;
}

}  // namespace wsclient::detail
