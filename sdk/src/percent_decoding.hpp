// Percent-decoding (RFC 3986 section 2.1): a proxy URL's user information here, URL paths and
// query strings in the demo server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wsclient::detail {

/// Decodes %XX escapes; with plus_as_space (query strings) '+' becomes ' '. nullopt on a
/// malformed escape ("%4", "%zz") or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space = false);

}  // namespace wsclient::detail
