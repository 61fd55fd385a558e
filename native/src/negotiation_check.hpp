// What the client checks in a 101 answer beyond what Beast 1.81 does (the status, Upgrade,
// Connection and Sec-WebSocket-Accept): RFC 6455 section 4.1 makes a client fail the
// connection when the server chose a subprotocol or an extension the client did not offer,
// and RFC 7692 section 5 when permessage-deflate comes back with parameters a server may not
// send. Beast takes such an answer (and would then inflate what was never compressed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wsclient::detail {

/// What the client asked for in its upgrade request.
struct negotiation_offer {
  std::vector<std::string> subprotocols;  ///< Sec-WebSocket-Protocol, in order
  std::string extensions;                 ///< Sec-WebSocket-Extensions as sent ("" if none)
};

/// Empty when the answer's Sec-WebSocket-Protocol (protocol) and Sec-WebSocket-Extensions
/// (extensions), "" when absent, are what the offer allows; else why not, in one line.
std::string check_negotiation(const negotiation_offer& offer, std::string_view protocol,
                              std::string_view extensions);

}  // namespace wsclient::detail
