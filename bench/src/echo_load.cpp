// bench-echo-load: the load generator of the server_echo scenario. Opens CONNS WebSocket
// connections to URL (a real upgrade, no extension offered), then keeps WINDOW messages of
// SIZE bytes in flight on each (prebuilt masked binary frames, RFC 6455 section 5.3) until
// COUNT messages in all have come back, and closes each connection with a closing handshake.
// It never unmasks or copies what comes back: it only counts frames (frame_scanner), so that a
// server, not the generator, is what runs out of CPU. The null server (bench-tcp-echo-server)
// shows how fast the generator itself can go.
//   bench-echo-load URL CONNS SIZE COUNT [--window MESSAGES]
// prints {"messages": N, "user_s": ..., "sys_s": ..., "wall_s": ...} (the generator's own CPU;
// the harness reads the server's from /proc).
#include <CLI/CLI.hpp>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>
#include <wsclient/url.hpp>

#include "frame_scanner.hpp"
#include "frames.hpp"
#include "phase_meter.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

struct load {
  const bench::frame_batch& frames;
  std::string close_frame = bench::close_frame(bench::direction::to_server);
  std::uint64_t window = 0;
  std::size_t open = 0;  // connections not yet closed
  bench::phase_meter meter;
};

// One connection: at most one write and one read outstanding; each write tops the messages
// in flight up to the window.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, std::uint64_t target, load& shared)
      : socket_(std::move(socket)), target_(target), load_(shared) {}

  void start() {
    read();
    write();
  }

 private:
  void write() {
    if (writing_ || closing_) {
      return;
    }
    if (scanner_.messages() == target_) {
      closing_ = true;
      writing_ = true;
      net::async_write(socket_, net::buffer(load_.close_frame),
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         self->writing_ = false;
                         self->check(ec);
                       });
      return;
    }
    const auto in_flight = sent_ - scanner_.messages();
    const auto room = load_.window - in_flight;
    const auto left = target_ - sent_;
    const auto n = room < left ? room : left;
    if (n == 0) {
      return;
    }
    writing_ = true;
    sent_ += n;
    net::async_write(socket_, net::buffer(load_.frames.first(n)),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->writing_ = false;
                       self->check(ec);
                       self->write();
                     });
  }

  void read() {
    socket_.async_read_some(net::buffer(buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->check(ec);
                              self->scanner_.feed(self->buffer_.data(), n);
                              if (self->scanner_.closed()) {
                                // The server answered our close (section 7.1.2): the connection is
                                // done.
                                beast::error_code ignored;
                                self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
                                if (--self->load_.open == 0) {
                                  self->load_.meter.stop();
                                }
                                return;
                              }
                              self->write();
                              self->read();
                            });
  }

  static void check(beast::error_code ec) {
    if (ec) {
      throw beast::system_error(ec);
    }
  }

  tcp::socket socket_;
  std::uint64_t target_;
  load& load_;
  bench::frame_scanner scanner_;
  std::array<std::uint8_t, 64 * 1024> buffer_{};
  std::uint64_t sent_ = 0;
  bool writing_ = false;
  bool closing_ = false;
};

tcp::socket upgraded(net::io_context& io, const tcp::resolver::results_type& where,
                     const wsclient::url& target) {
  beast::websocket::stream<tcp::socket> ws(io);
  net::connect(ws.next_layer(), where);
  ws.next_layer().set_option(tcp::no_delay(true));
  ws.handshake(target.host_header(), target.target);
  // The server sends nothing after its 101 until it has a message to echo, so no frame bytes
  // are left in Beast's buffer when the socket is taken from it.
  return std::move(ws.next_layer());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Keeps echo servers busy: the load generator of the wsclient benchmark suite"};
  std::string url;
  std::size_t connections = 0;
  std::size_t size = 0;
  std::uint64_t count = 0;
  std::uint64_t window = 16;
  app.add_option("URL", url, "ws://host:port/path of the echo endpoint")->required();
  app.add_option("CONNS", connections, "connections")->required()->check(CLI::PositiveNumber);
  app.add_option("SIZE", size, "bytes per message")->required();
  app.add_option("COUNT", count, "messages in all, spread evenly over the connections")
      ->required()
      ->check(CLI::PositiveNumber);
  app.add_option("--window", window, "messages in flight per connection")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  try {
    wsclient::url target;
    std::string why;
    if (wsclient::parse_url(url, target, &why) || target.secure) {
      throw std::runtime_error("not a ws:// URL: " + url + (why.empty() ? "" : " (" + why + ")"));
    }
    const bench::frame_batch frames(size, bench::direction::to_server);
    if (window > frames.frames()) {
      window = frames.frames();  // one batch holds the whole window
    }
    net::io_context io(1);
    tcp::resolver resolver(io);
    const auto where = resolver.resolve(target.host, std::to_string(target.port));
    load shared{frames, bench::close_frame(bench::direction::to_server), window, connections, {}};
    std::vector<std::shared_ptr<connection>> all;
    for (std::size_t i = 0; i < connections; ++i) {
      const auto share = count / connections + (i < count % connections ? 1 : 0);
      all.push_back(std::make_shared<connection>(upgraded(io, where, target), share, shared));
    }
    shared.meter.start();
    for (auto& c : all) {
      c->start();
    }
    all.clear();
    io.run();
    shared.meter.print(count);
  } catch (const std::exception& e) {
    std::cerr << "bench-echo-load: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
