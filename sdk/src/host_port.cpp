#include "host_port.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace wsclient::detail {

namespace {

// RFC 3986 reg-name / IPv4 characters (percent-encoded host names are not supported).
bool valid_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

bool valid_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

}  // namespace

const char* parse_host_port(std::string_view authority, host_port& out) {
  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  const bool bracketed = !authority.empty() && authority.front() == '[';
  if (bracketed) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return "unterminated IPv6 address";
    }
    host = authority.substr(1, close - 1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), valid_ipv6_char)) {
      return "invalid IPv6 address";
    }
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return "unexpected characters after the IPv6 address";
      }
      port_text = after.substr(1);
      has_port = true;
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (has_port && port_text.empty()) {
    return "empty port";
  }
  if (!bracketed && !std::all_of(host.begin(), host.end(), valid_host_char)) {
    return "invalid character in host name";
  }
  if (host.empty()) {
    return "missing host";
  }
  host_port result;
  if (has_port) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return "port must be a number from 1 to 65535";
    }
    result.port = static_cast<std::uint16_t>(value);
  }
  result.host.resize(host.size());
  std::transform(host.begin(), host.end(), result.host.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  out = std::move(result);
  return nullptr;
}

}  // namespace wsclient::detail
