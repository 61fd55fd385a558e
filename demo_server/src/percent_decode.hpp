// Query strings of the demo server (RFC 3986 section 3.4); percent_decode is the core's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "percent_decoding.hpp"

namespace wsclient::demo {

using detail::percent_decode;

/// Splits "a=1&b=x%20y" into {{"a","1"},{"b","x y"}}; a key without '=' maps to "".
/// nullopt when any component fails to decode. A repeated key keeps its last value.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query);

}  // namespace wsclient::demo
