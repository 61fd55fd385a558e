// A proxy given as a URL: client_options::proxy or an environment variable (https_proxy...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wsclient::detail {

/// How the tunnel to the server is asked for.
enum class proxy_scheme {
  http,     ///< HTTP CONNECT (RFC 9110 section 9.3.6) over TCP
  https,    ///< HTTP CONNECT over TLS to the proxy (the target's own TLS, if any, inside it)
  socks5,   ///< SOCKS5 (RFC 1928), the server's name resolved by the client
  socks5h,  ///< SOCKS5, the server's name resolved by the proxy
};

struct proxy_url {
  proxy_scheme scheme = proxy_scheme::http;
  std::string host;  ///< lower-cased; an IPv6 literal without brackets
  std::uint16_t port = 0;
  std::string user;  ///< percent-decoded; empty: no authentication
  std::string password;

  /// The URL without its credentials ("socks5h://127.0.0.1:1080"), for logs and open_info.
  std::string to_string() const;
  bool has_credentials() const { return !user.empty() || !password.empty(); }
};

/// Parses `[scheme://][user[:password]@]host[:port][/]`: the schemes http (the default, as curl
/// has it), https, socks5 and socks5h; default ports 80, 443 and 1080. nullptr and out set, or
/// what is wrong, out untouched.
const char* parse_proxy_url(std::string_view text, proxy_url& out);

}  // namespace wsclient::detail
