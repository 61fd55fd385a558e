// What --verbose adds on stderr: the upgrade request and response (RFC 6455 sections 4.1 and
// 4.2.2), the negotiated extensions and the detail of each retry. Pure functions of the
// options and event values, unit-tested without a network.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wsclient/events.hpp"
#include "wsclient/options.hpp"

namespace wsclient::cli {

/// The upgrade request as far as the CLI shapes it: its URL, each --header, the subprotocols
/// offered (Sec-WebSocket-Protocol) and whether permessage-deflate is offered. The headers the
/// library adds itself (Host, Sec-WebSocket-Key...) are its own business.
std::vector<std::string> request_lines(const client_options& options, std::string_view url);

/// For an open connection: its attempt number, each response header one a line, and the
/// negotiated extensions ("none" when the server accepted none).
std::vector<std::string> response_lines(const open_info& info);

/// For an open connection, how it got there: "route: direct to 127.0.0.1:8080", or "route:
/// through proxy http://127.0.0.1:3128 (at 127.0.0.1:3128)"; the address is left out when
/// open_info has none.
std::string route_line(const open_info& info);

/// "retry: attempt N in D ms; cause: ..." with every field of the cause that is set (the
/// error's category and value, HTTP status, Retry-After, close code), for a reconnect event.
std::string retry_line(const reconnect_info& info);

}  // namespace wsclient::cli
