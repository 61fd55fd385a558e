#include "serial_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <exception>
#include <iostream>
#include <vector>

#include "frame_scanner.hpp"
#include "frames.hpp"

namespace bench {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// The handshake of RFC 6455 section 4.2 done by Beast; no extension is accepted, so frames
// flow uncompressed. A client sends nothing before the 101 response, so the buffer holds no
// frame bytes when the stream is dropped.
std::string accept_upgrade(tcp::socket& socket) {
  boost::beast::flat_buffer buffer;
  http::request<http::empty_body> request;
  http::read(socket, buffer, request);
  boost::beast::websocket::stream<tcp::socket&> ws(socket);
  ws.accept(request);
  return std::string(request.target());
}

}  // namespace

void serve_one_at_a_time(std::uint16_t port, const connection_handler& handler) {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  std::cout << "listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  for (;;) {
    tcp::socket socket(io);
    acceptor.accept(socket);
    try {
      socket.set_option(tcp::no_delay(true));
      handler(socket, accept_upgrade(socket));
    } catch (const std::exception& e) {
      std::cerr << "connection failed: " << e.what() << "\n";
    }
  }
}

std::uint64_t finish_closing_handshake(tcp::socket& socket) {
  frame_scanner scanner;
  std::vector<std::uint8_t> buffer(256 * 1024);
  while (!scanner.closed()) {
    const auto n = socket.read_some(net::buffer(buffer));
    scanner.feed(buffer.data(), n);
  }
  net::write(socket, net::buffer(close_frame(direction::to_client)));
  socket.shutdown(tcp::socket::shutdown_both);
  socket.close();
  return scanner.messages();
}

}  // namespace bench
