// bench-push-server: for each client, after a real WebSocket upgrade, writes COUNT binary
// frames of SIZE bytes (unmasked, built once) as fast as TCP takes them, then waits for the
// client's close. The client asks with its request target: /push?size=SIZE&count=COUNT.
// What a client spends per message against it is its own receive cost.
#include <CLI/CLI.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "frames.hpp"
#include "serial_server.hpp"

namespace {

namespace net = boost::asio;

void push(net::ip::tcp::socket& socket, const std::string& target) {
  std::size_t size = 0;
  unsigned long long count = 0;
  if (std::sscanf(target.c_str(), "/push?size=%zu&count=%llu", &size, &count) != 2) {
    throw std::runtime_error("expected /push?size=SIZE&count=COUNT, got " + target);
  }
  bench::frame_batch(size, bench::direction::to_client)
      .write(count, [&](const char* data, std::size_t bytes) {
        net::write(socket, net::buffer(data, bytes));
      });
  bench::finish_closing_handshake(socket);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes prebuilt WebSocket frames to each client (wsclient benchmark suite)"};
  std::uint16_t port = 0;
  app.add_option("--port", port, "port on 127.0.0.1 (0: a free one)");
  CLI11_PARSE(app, argc, argv);
  bench::serve_one_at_a_time(port, push);
}
