// What one connection attempt connects to: the URL and options given to connect(), changed for
// this attempt by client_options::attempt_provider (token refresh, fail-over to another URL).
#pragma once

#include <string>
#include <system_error>

#include "transport.hpp"
#include "wsclient/options.hpp"
#include "wsclient/url.hpp"

namespace wsclient::detail {

/// The request as connect() and the options make it.
connect_request make_request(const client_options& options, const url& target,
                             const std::string& url_text);

/// Applies the provider's settings for one attempt; errc::invalid_url (and why) when its URL
/// does not parse, leaving the request as it was.
std::error_code apply_attempt_settings(attempt_settings&& settings, connect_request& request,
                                       std::string* why);

}  // namespace wsclient::detail
