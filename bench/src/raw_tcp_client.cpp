// bench-raw-tcp-client: the floor. After the upgrade it only moves bytes: in recv mode it
// reads and discards COUNT frames' worth of bytes without parsing them; in send mode it writes
// COUNT frames masked once in advance. No WebSocket client can spend less per message on this
// machine than this.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <vector>

#include "client_args.hpp"
#include "frames.hpp"
#include "phase_meter.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// As large as the largest message, so that no reader of the suite makes fewer read calls.
constexpr std::size_t read_buffer_bytes = 1024 * 1024;

// The opening handshake of RFC 6455 section 4.1 with the sample key of section 1.3; the
// answer is not checked beyond its status (the floor trusts the bench's own servers).
// Returns the bytes read past the response: the first frames may come with it.
std::size_t upgrade(tcp::socket& socket, const wsclient::url& target) {
  http::request<http::empty_body> request{http::verb::get, target.target, 11};
  request.set(http::field::host, target.host_header());
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(http::field::sec_websocket_version, "13");
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a 101 response has no body: the frames that follow are not one
  http::read_header(socket, buffer, parser);
  if (parser.get().result() != http::status::switching_protocols) {
    throw std::runtime_error("upgrade refused");
  }
  return buffer.size();
}

void read_to_end(tcp::socket& socket, std::vector<char>& buffer) {
  beast::error_code ec;
  while (!ec) {
    socket.read_some(net::buffer(buffer), ec);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Raw TCP reader and writer: the floor of the wsclient benchmark suite"};
  bench::client_args args;
  if (const auto status = bench::parse_client_args(app, argc, argv, args)) {
    return *status;
  }
  const auto& target = args.target;
  try {
    net::io_context io;
    tcp::socket socket(io);
    tcp::resolver resolver(io);
    net::connect(socket, resolver.resolve(target.host, std::to_string(target.port)));
    socket.set_option(tcp::no_delay(true));
    std::vector<char> buffer(read_buffer_bytes);
    bench::phase_meter meter;
    if (args.receiving()) {
      const auto total = args.count * bench::frame_bytes(args.size, bench::direction::to_client);
      std::uint64_t got = upgrade(socket, target);
      meter.start();
      while (got < total) {
        got += socket.read_some(net::buffer(buffer));
      }
      meter.stop();
      net::write(socket, net::buffer(bench::close_frame(bench::direction::to_server)));
      read_to_end(socket, buffer);
    } else {
      const bench::frame_batch batch(args.size, bench::direction::to_server);
      upgrade(socket, target);
      meter.start();
      batch.write(args.count, [&](const char* data, std::size_t bytes) {
        net::write(socket, net::buffer(data, bytes));
      });
      net::write(socket, net::buffer(bench::close_frame(bench::direction::to_server)));
      read_to_end(socket, buffer);
      meter.stop();
    }
    meter.print(args.count);
  } catch (const std::exception& e) {
    std::cerr << "bench-raw-tcp-client: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
