// WebSocket URLs (RFC 6455 section 3): ws://host[:port][/path][?query], wss:// likewise.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace wsclient {

/// A parsed ws:// or wss:// URL.
struct url {
  bool secure = false;       ///< wss://
  std::string host;          ///< without brackets for IPv6 literals ("::1"); lower-cased
  std::uint16_t port = 0;    ///< explicit, or 80 / 443 by scheme
  std::string target = "/";  ///< path and query, as sent in the request line ("/a?b=1")

  /// "host:port" as the Host header wants it (brackets around IPv6, default port omitted).
  std::string host_header() const;
  /// The URL back as text, normalised ("wss://example.com/chat").
  std::string to_string() const;
  bool host_is_ip_literal() const;
};

/// Parses text as a WebSocket URL. On failure returns errc::invalid_url and, in why, what is
/// wrong ("scheme must be ws or wss"). Never throws. Fragments are refused (RFC 6455 section
/// 3: "Fragment identifiers are meaningless in the context of WebSocket URIs").
std::error_code parse_url(std::string_view text, url& out, std::string* why = nullptr);

}  // namespace wsclient
