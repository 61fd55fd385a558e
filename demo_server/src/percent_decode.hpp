// Percent-decoding of URL paths and query components (RFC 3986 section 2.1).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::demo {

/// Decodes %XX escapes; with plus_as_space (query strings) '+' becomes ' '. nullopt on a
/// malformed escape ("%4", "%zz") or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space = false);

/// Splits "a=1&b=x%20y" into {{"a","1"},{"b","x y"}}; a key without '=' maps to "".
/// nullopt when any component fails to decode. A repeated key keeps its last value.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query);

}  // namespace wsclient::demo
