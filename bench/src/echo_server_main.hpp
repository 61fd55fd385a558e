// What the suite's echo servers share: listen on 127.0.0.1, print "listening on
// 127.0.0.1:PORT" (the harness reads it), and start a Session for each connection accepted,
// all on one thread: the server_echo scenario pins each server to one CPU.
#pragma once

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <iostream>
#include <memory>

namespace bench {

template <class Session>
void accept_sessions(boost::asio::ip::tcp::acceptor& acceptor) {
  acceptor.async_accept(
      [&acceptor](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
        if (!ec) {
          std::make_shared<Session>(std::move(socket))->start();
        }
        accept_sessions<Session>(acceptor);
      });
}

/// main() of an echo server: --port (0: a free one), then serves until killed.
template <class Session>
int run_echo_server(int argc, char** argv, const char* description) {
  CLI::App app{description};
  std::uint16_t port = 0;
  app.add_option("--port", port, "port on 127.0.0.1 (0: a free one)");
  CLI11_PARSE(app, argc, argv);
  namespace net = boost::asio;
  net::io_context io(1);
  net::ip::tcp::acceptor acceptor(io,
                                  net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  std::cout << "listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  accept_sessions<Session>(acceptor);
  io.run();
  return 0;
}

}  // namespace bench
