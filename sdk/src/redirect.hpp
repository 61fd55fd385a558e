// Where a redirect of the upgrade leads (RFC 9110 section 15.4 and 10.2.2).
#pragma once

#include <string>
#include <string_view>
#include <system_error>

#include "wsclient/url.hpp"

namespace wsclient::detail {

/// 301, 302, 303, 307 and 308: the statuses whose Location the client follows.
bool is_redirect_status(int status);

/// The URL location (a Location header's value) points to, seen from `from`: an absolute URL
/// (http:// and https:// are taken as ws:// and wss://, as the upgrade is an HTTP request), a
/// network-path reference ("//host/path"), an absolute path ("/path") or a relative one
/// ("path", against from's path), resolved as RFC 3986 section 5.2 does (without "." and
/// ".." segments). errc::invalid_url and why when it is none of these.
std::error_code resolve_redirect(const url& from, std::string_view location, url& out,
                                 std::string* why);

}  // namespace wsclient::detail
