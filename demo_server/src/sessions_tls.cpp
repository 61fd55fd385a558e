// Instantiates the session templates for TLS (wss:// and https://).
#include "session_start.hpp"
#include "sessions.hpp"

namespace wsclient::demo {

void start_tls_session(net::ip::tcp::socket socket, net::ssl::context& tls, server_context& ctx) {
  using stream = stallable_stream<beast::ssl_stream<beast::tcp_stream>>;
  std::make_shared<http_session<stream>>(ctx, std::move(socket), tls)->start();
}

}  // namespace wsclient::demo
