// Entry points from the listener into the session code (kept apart so the listener's
// translation unit does not instantiate the session templates).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server_context.hpp"

namespace wsclient::demo {

/// Serves HTTP, and WebSocket after an upgrade, on an accepted plain TCP socket.
void start_plain_session(boost::asio::ip::tcp::socket socket, server_context& ctx);

/// The same behind a TLS handshake.
void start_tls_session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                       server_context& ctx);

}  // namespace wsclient::demo
