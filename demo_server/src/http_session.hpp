// The HTTP side of a connection, where every accepted connection starts: health checks, static
// files, test hooks, and the upgrade to a WebSocket session.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server_context.hpp"

namespace wsclient::demo {

/// Serves HTTP, and WebSocket after an upgrade, on an accepted plain TCP socket.
void start_http_session(boost::asio::ip::tcp::socket socket, server_context& ctx);

/// The same behind a TLS handshake (https:// and wss://).
void start_http_session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                        server_context& ctx);

}  // namespace wsclient::demo
