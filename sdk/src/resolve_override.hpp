// client_options::resolve: host names whose addresses are given instead of looked up, as curl's
// --resolve has them. Checked at connect(); looked up by the native transport.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wsclient/options.hpp"

namespace wsclient::detail {

/// What is wrong with entry, for an invalid_option error; empty when nothing is.
std::string check_resolve_override(const resolve_override& entry);

/// The entry for host and port (host names compare without regard to case, RFC 4343), or
/// nullptr when there is none.
const resolve_override* find_resolve_override(const std::vector<resolve_override>& entries,
                                              std::string_view host, std::uint16_t port);

}  // namespace wsclient::detail
