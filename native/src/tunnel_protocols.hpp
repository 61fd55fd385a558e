// The proxy protocols async_open_tunnel() speaks, one file each, as coroutines on the socket.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "proxy_tunnel.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

/// HTTP CONNECT (http_connect_tunnel.cpp) on link: TCP, or TLS to an https:// proxy (the
/// stream types async_open_tunnel() takes, instantiated there).
template <class Link>
boost::asio::awaitable<tunnel_result> http_connect(Link& link, proxy_url proxy, url target);

/// SOCKS5 CONNECT (socks5_tunnel.cpp).
boost::asio::awaitable<tunnel_result> socks5_connect(boost::asio::ip::tcp::socket& socket,
                                                     proxy_url proxy, url target);

/// A tunnel that did not open, for error, with the proxy's HTTP status if any.
tunnel_result tunnel_failure(errc error, std::string detail, int http_status = 0);

}  // namespace wsclient::detail
