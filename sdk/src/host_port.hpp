// The host and port of a URL's authority (RFC 3986 section 3.2.2 and 3.2.3), shared by the
// WebSocket URL and the proxy URL parsers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::detail {

struct host_port {
  std::string host;                   ///< lower-cased; an IPv6 literal without its brackets ("::1")
  std::optional<std::uint16_t> port;  ///< when the authority has one
};

/// Parses "host", "host:port", "[v6]" or "[v6]:port" (no user information): nullptr and out
/// set, or what is wrong ("port must be a number from 1 to 65535"), out untouched.
const char* parse_host_port(std::string_view authority, host_port& out);

}  // namespace wsclient::detail
