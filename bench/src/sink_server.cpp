// bench-sink-server: for each client, after a real WebSocket upgrade, reads and discards its
// frames (without unmasking them) until the client's close, then prints "messages N" on
// stdout so that the harness can check every message arrived. What a client spends per
// message against it is its own send cost.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iostream>

#include "serial_server.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Reads and discards WebSocket frames (wsclient benchmark suite)"};
  std::uint16_t port = 0;
  app.add_option("--port", port, "port on 127.0.0.1 (0: a free one)");
  CLI11_PARSE(app, argc, argv);
  bench::serve_one_at_a_time(port, [](boost::asio::ip::tcp::socket& socket, const std::string&) {
    const auto messages = bench::finish_closing_handshake(socket);
    std::cout << "messages " << messages << std::endl;
  });
}
