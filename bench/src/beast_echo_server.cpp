// bench-beast-echo-server: the minimal Beast echo server the demo server's /echo is compared
// with, written as a competent Beast user would: one thread, websocket::stream<tcp::socket>
// per connection, async_read then async_write of the same buffer, one flat_buffer each, no
// permessage-deflate, the stream options the demo server sets (whole messages in one frame).
// Any request target is accepted. Prints "listening on 127.0.0.1:PORT".
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <memory>

#include "echo_server_main.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

class session : public std::enable_shared_from_this<session> {
 public:
  explicit session(tcp::socket socket) : ws_(std::move(socket)) {}

  void start() {
    ws_.next_layer().set_option(tcp::no_delay(true));
    ws_.auto_fragment(false);
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec) {
        self->read();
      }
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        return;  // closed by the client (or failed): the session ends
      }
      self->ws_.binary(self->ws_.got_binary());
      self->ws_.async_write(self->buffer_.data(), [self](beast::error_code e, std::size_t) {
        if (e) {
          return;
        }
        self->buffer_.consume(self->buffer_.size());
        self->read();
      });
    });
  }

  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buffer_;
};

}  // namespace

int main(int argc, char** argv) {
  return bench::run_echo_server<session>(
      argc, argv, "A minimal Boost.Beast echo server (wsclient benchmark suite)");
}
