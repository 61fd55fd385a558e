// The bench's servers take one connection at a time (the client scenarios have one client):
// listen on 127.0.0.1, complete each WebSocket upgrade with Beast, then hand the plain socket
// to a handler that writes and reads prebuilt frames itself.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <string>

namespace bench {

/// Called with the upgraded socket and the request target ("/push?size=20&count=10").
using connection_handler =
    std::function<void(boost::asio::ip::tcp::socket& socket, const std::string& target)>;

/// Listens on 127.0.0.1:port (0: a free one), prints "listening on 127.0.0.1:PORT" on stdout,
/// and serves connections one after another until killed. A connection that fails (a client
/// that went away) is logged on stderr and the next one is served.
[[noreturn]] void serve_one_at_a_time(std::uint16_t port, const connection_handler& handler);

/// Ends a connection as RFC 6455 section 7.1.1 asks of a server: reads the client's frames
/// until its close frame, answers with one and closes the TCP connection. Returns the number of
/// messages read on the way.
std::uint64_t finish_closing_handshake(boost::asio::ip::tcp::socket& socket);

}  // namespace bench
