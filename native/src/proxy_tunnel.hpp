// A tunnel to the server through a proxy, opened on a TCP connection to the proxy before TLS
// and the WebSocket upgrade, which then run through it as they would over a direct link.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <functional>
#include <optional>
#include <string>
#include <system_error>

#include "proxy_url.hpp"
#include "wsclient/events.hpp"
#include "wsclient/url.hpp"

namespace wsclient::detail {

/// How opening the tunnel went: error empty when it is open; else the failure as the
/// classifier sees it (errc, the proxy's HTTP status, its Retry-After) and what the proxy said.
struct tunnel_result {
  failure why;
  std::string detail;
};

using tunnel_handler = std::function<void(tunnel_result)>;

/// Opens the tunnel to target on socket, a TCP connection to proxy: HTTP CONNECT (RFC 9110
/// section 9.3.6, Basic credentials of RFC 7617) or SOCKS5 (RFC 1928, user/password of RFC
/// 1929; socks5h sends the name, socks5 the address it resolves to here). done runs on
/// socket's executor, once; closing the socket ends the exchange (done then reports it).
void async_open_tunnel(boost::asio::ip::tcp::socket& socket, const proxy_url& proxy,
                       const url& target, tunnel_handler done);

/// The same for an https:// proxy, over the TLS session to it (handshake done): HTTP CONNECT.
/// Beast's TLS stream when the tunnel carries ws:// (the transport's TLS layer is then the
/// proxy's), Asio's when it carries wss:// (Beast's, over it, is the server's).
void async_open_tunnel(boost::beast::ssl_stream<boost::asio::ip::tcp::socket>& link,
                       const proxy_url& proxy, const url& target, tunnel_handler done);
void async_open_tunnel(boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& link,
                       const proxy_url& proxy, const url& target, tunnel_handler done);

}  // namespace wsclient::detail
