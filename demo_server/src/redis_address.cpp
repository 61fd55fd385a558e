#include "redis_address.hpp"

#include <charconv>

namespace wsclient::demo {

namespace {
constexpr std::string_view tcp_scheme = "redis://";
constexpr std::string_view unix_scheme = "unix://";
}  // namespace

std::string redis_address::display() const {
  if (!unix_path.empty()) {
    return std::string(unix_scheme) + unix_path;
  }
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<redis_address> parse_redis_url(std::string_view text, std::string& error) {
  const auto fail = [&](const std::string& why) -> std::optional<redis_address> {
    error = why + " (expected redis://HOST:PORT or unix:///PATH)";
    return std::nullopt;
  };
  redis_address address;
  if (text.starts_with(unix_scheme)) {
    const auto path = text.substr(unix_scheme.size());
    if (!path.starts_with('/') || path.size() < 2) {
      return fail("the unix socket path must be absolute");
    }
    address.unix_path = std::string(path);
    return address;
  }
  if (!text.starts_with(tcp_scheme)) {
    return fail("unknown scheme");
  }
  auto rest = text.substr(tcp_scheme.size());
  if (rest.ends_with('/')) {
    rest.remove_suffix(1);
  }
  if (rest.find_first_of("@/?#") != std::string_view::npos) {
    return fail("user names, passwords, database numbers and queries are not supported");
  }
  std::string_view port_text;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) {
      return fail("unclosed [ in the host");
    }
    address.host = std::string(rest.substr(1, close - 1));
    const auto after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return fail("unexpected text after the host");
    }
    port_text = after.empty() ? after : after.substr(1);
    if (after == ":") {
      return fail("empty port");
    }
  } else {
    const auto colon = rest.find(':');
    address.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = rest.substr(colon + 1);
      if (port_text.empty()) {
        return fail("empty port");
      }
    }
  }
  if (address.host.empty()) {
    return fail("no host");
  }
  address.port = redis_default_port;
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return fail("the port must be a number from 1 to 65535");
    }
    address.port = static_cast<std::uint16_t>(value);
  }
  return address;
}

}  // namespace wsclient::demo
