// The Retry-After header of a refused upgrade (RFC 9110 section 10.2.3): delay-seconds or an
// HTTP-date.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "wsclient/options.hpp"

namespace wsclient::detail {

/// The longest wait the parser reports: larger values are clamped, not trusted, so that every
/// delay stays representable. The policy's own, smaller cap is
/// reconnect_options::max_retry_after.
inline constexpr std::chrono::hours retry_after_parse_limit{24};

/// The delay the header asks for (at most retry_after_parse_limit), measured from now (a date in
/// the past gives 0); nullopt when the value is neither a number of seconds nor an IMF-fixdate.
std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now);

}  // namespace wsclient::detail
