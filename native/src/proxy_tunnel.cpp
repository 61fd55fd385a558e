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

void async_open_tunnel(boost::asio::ip::tcp::socket& socket, const proxy_url& proxy,
                       const url& target, tunnel_handler done) {
  auto finish = [done = std::move(done)](const std::exception_ptr& e, tunnel_result r) {
    done(e ? tunnel_failure(errc::connect_failed, "the tunnel failed") : std::move(r));
  };
  if (proxy.scheme == proxy_scheme::http) {
    boost::asio::co_spawn(socket.get_executor(), http_connect(socket, proxy, target),
                          std::move(finish));
  } else {
    boost::asio::co_spawn(socket.get_executor(), socks5_connect(socket, proxy, target),
                          std::move(finish));
  }
}

}  // namespace wsclient::detail
