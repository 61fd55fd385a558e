#include "proxy_tunnel.hpp"

#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <utility>

#include "tunnel_protocols.hpp"

namespace wsclient::detail {

tunnel_result tunnel_failure(errc error, std::string detail, int http_status) {
  tunnel_result r;
  r.why.error = error;
  r.why.http_status = http_status;
  r.detail = std::move(detail);
  return r;
}

namespace {

/// done, called once with what the exchange gave (an exception: a failed tunnel).
auto finishing(tunnel_handler done) {
  return [done = std::move(done)](const std::exception_ptr& e, tunnel_result r) {
    done(e ? tunnel_failure(errc::connect_failed, "the tunnel failed") : std::move(r));
  };
}

}  // namespace

void async_open_tunnel(boost::asio::ip::tcp::socket& socket, const proxy_url& proxy,
                       const url& target, tunnel_handler done) {
  if (proxy.scheme == proxy_scheme::http) {
    boost::asio::co_spawn(socket.get_executor(), http_connect(socket, proxy, target),
                          finishing(std::move(done)));
  } else {
    boost::asio::co_spawn(socket.get_executor(), socks5_connect(socket, proxy, target),
                          finishing(std::move(done)));
  }
}

void async_open_tunnel(boost::beast::ssl_stream<boost::asio::ip::tcp::socket>& link,
                       const proxy_url& proxy, const url& target, tunnel_handler done) {
  boost::asio::co_spawn(link.get_executor(), http_connect(link, proxy, target),
                        finishing(std::move(done)));
}

void async_open_tunnel(boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& link,
                       const proxy_url& proxy, const url& target, tunnel_handler done) {
  boost::asio::co_spawn(link.get_executor(), http_connect(link, proxy, target),
                        finishing(std::move(done)));
}

}  // namespace wsclient::detail
