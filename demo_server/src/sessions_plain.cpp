// Instantiates the session templates for plain TCP.
#include "session_start.hpp"
#include "sessions.hpp"

namespace wsclient::demo {

void start_plain_session(net::ip::tcp::socket socket, server_context& ctx) {
  using stream = stallable_stream<beast::tcp_stream>;
  std::make_shared<http_session<stream>>(ctx, std::move(socket))->start();
}

}  // namespace wsclient::demo
