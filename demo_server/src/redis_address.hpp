// Where the demo server finds Redis (--redis URL): parsing only, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::demo {

/// A Redis server: a TCP host and port, or a unix socket path.
struct redis_address {
  std::string host;  ///< empty for a unix socket
  std::uint16_t port = 0;
  std::string unix_path;  ///< set for a unix socket

  /// "127.0.0.1:6379" or "unix:///run/redis.sock", for logs.
  std::string display() const;
};

/// The default port of Redis (its own documentation's), when a redis:// URL names none.
inline constexpr std::uint16_t redis_default_port = 6379;

/// Parses `redis://HOST[:PORT]` (HOST a name, an IPv4 address or a bracketed IPv6 one) or
/// `unix:///ABSOLUTE/PATH`. nullopt with error set when text is neither; user names,
/// passwords, database numbers and query strings are refused rather than ignored.
std::optional<redis_address> parse_redis_url(std::string_view text, std::string& error);

}  // namespace wsclient::demo
