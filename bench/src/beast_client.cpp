// bench-beast-client: the same stack as wsclient with none of its features, written as a
// competent Beast user would: websocket::stream<tcp::socket>, one flat_buffer reused, one
// write in flight. Two variants, because both are common and their costs differ:
//   --io async: async_read / async_write chains on an io_context run by the main thread;
//   --io sync:  blocking read() / write() loops (the "raw Beast read loop" of the issue).
// The stream options match what wsclient sets on its own stream (whole messages in one frame
// from a 64 KiB write buffer, no permessage-deflate offered) so that the difference between
// the two is wsclient's own cost.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <functional>
#include <iostream>
#include <string>

#include "client_args.hpp"
#include "phase_meter.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using stream = websocket::stream<tcp::socket>;

std::uint64_t run_sync(stream& ws, const bench::client_args& args, bench::phase_meter& meter) {
  std::uint64_t done = 0;
  meter.start();
  if (args.receiving()) {
    beast::flat_buffer buffer;
    for (; done < args.count; ++done) {
      ws.read(buffer);
      buffer.consume(buffer.size());
    }
    meter.stop();
    ws.close(websocket::close_code::normal);
  } else {
    const std::string payload(args.size, 'x');
    for (; done < args.count; ++done) {
      ws.write(net::buffer(payload));
    }
    ws.close(websocket::close_code::normal);
    meter.stop();
  }
  return done;
}

std::uint64_t run_async(net::io_context& io, stream& ws, const bench::client_args& args,
                        bench::phase_meter& meter) {
  std::uint64_t done = 0;
  beast::flat_buffer buffer;
  const std::string payload(args.size, 'x');
  const auto fail = [](beast::error_code ec) { throw beast::system_error(ec); };
  std::function<void(beast::error_code, std::size_t)> next;
  if (args.receiving()) {
    next = [&](beast::error_code ec, std::size_t) {
      if (ec) {
        fail(ec);
      }
      buffer.consume(buffer.size());
      if (++done < args.count) {
        ws.async_read(buffer, next);
        return;
      }
      meter.stop();
      ws.async_close(websocket::close_code::normal, [&](beast::error_code e) {
        if (e) {
          fail(e);
        }
      });
    };
    meter.start();
    ws.async_read(buffer, next);
  } else {
    next = [&](beast::error_code ec, std::size_t) {
      if (ec) {
        fail(ec);
      }
      if (++done < args.count) {
        ws.async_write(net::buffer(payload), next);
        return;
      }
      ws.async_close(websocket::close_code::normal, [&](beast::error_code e) {
        if (e) {
          fail(e);
        }
        meter.stop();
      });
    };
    meter.start();
    ws.async_write(net::buffer(payload), next);
  }
  io.run();
  return done;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"A minimal Boost.Beast client as a peer of the wsclient benchmark suite"};
  bench::client_args args;
  std::string io_mode = "async";
  app.add_option("--io", io_mode, "async or sync")->check(CLI::IsMember({"async", "sync"}));
  if (const auto status = bench::parse_client_args(app, argc, argv, args)) {
    return *status;
  }
  const auto& target = args.target;
  try {
    net::io_context io;
    stream ws(io);
    tcp::resolver resolver(io);
    net::connect(ws.next_layer(), resolver.resolve(target.host, std::to_string(target.port)));
    ws.next_layer().set_option(tcp::no_delay(true));
    ws.auto_fragment(false);
    ws.write_buffer_bytes(64 * 1024);
    ws.binary(true);
    ws.handshake(target.host_header(), target.target);
    bench::phase_meter meter;
    const auto done =
        io_mode == "sync" ? run_sync(ws, args, meter) : run_async(io, ws, args, meter);
    meter.print(done);
  } catch (const std::exception& e) {
    std::cerr << "bench-beast-client: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
