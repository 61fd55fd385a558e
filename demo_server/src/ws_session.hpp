// The WebSocket side of a connection: what the HTTP session hands an accepted upgrade to.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>

#include "connection.hpp"
#include "server_context.hpp"
#include "session_streams.hpp"

namespace wsclient::demo {

using upgrade_request = boost::beast::http::request<boost::beast::http::string_body>;

/// Completes the WebSocket handshake for request on stream, then serves ep on it until
/// the connection ends: reads, a bounded send queue, the endpoint's timer, the closing
/// handshake, the server's shutdown and the test hooks. target and remote are for the log.
/// Defined in ws_session.cpp for Stream = plain_stream and tls_stream.
template <class Stream>
void start_websocket_session(Stream&& stream, server_context& ctx, std::unique_ptr<endpoint> ep,
                             std::string target, std::string remote, upgrade_request request);

}  // namespace wsclient::demo
