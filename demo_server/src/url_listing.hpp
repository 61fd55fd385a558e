// What the server prints on stdout once it listens: the address, then the URL of every route.
#pragma once

#include <cstdint>
#include <string>

#include "options.hpp"

namespace wsclient::demo {

/// "listening on HOST:PORT" (a contract: tests and scripts read the port from this first line),
/// then one line per route the server serves with these options, with its URL.
std::string url_listing(const server_options& options, std::uint16_t port);

}  // namespace wsclient::demo
