// bench-tcp-echo-server: the null server of the server_echo scenario. It completes the
// WebSocket upgrade, then sends every byte back as it came, without parsing a frame (the load
// generator counts frames whether masked or not). Nothing a WebSocket server can do costs
// less, so the load generator's rate against it is the most the generator can measure: a
// server measured at a rate well below it is what limits that rate.
// Prints "listening on 127.0.0.1:PORT".
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <memory>

#include "echo_server_main.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

class session : public std::enable_shared_from_this<session> {
 public:
  explicit session(tcp::socket socket) : ws_(std::move(socket)) {}

  void start() {
    ws_.next_layer().set_option(tcp::no_delay(true));
    // Beast answers the upgrade (section 4.2.2); a client sends nothing before the 101, so no
    // frame bytes are left in Beast's buffer when the socket is used raw.
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec) {
        self->read();
      }
    });
  }

 private:
  void read() {
    ws_.next_layer().async_read_some(
        net::buffer(buffer_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) {
            return;
          }
          net::async_write(self->ws_.next_layer(), net::buffer(self->buffer_.data(), n),
                           [self](beast::error_code e, std::size_t) {
                             if (!e) {
                               self->read();
                             }
                           });
        });
  }

  beast::websocket::stream<tcp::socket> ws_;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

int main(int argc, char** argv) {
  return bench::run_echo_server<session>(
      argc, argv, "Echoes raw bytes after the upgrade: the null server (wsclient benchmark suite)");
}
