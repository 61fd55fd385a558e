// The seed's time page as a C++20 coroutine (wsclient::message_stream): prints each time the
// server pushes. Usage: time_coroutine [ws://127.0.0.1:5678/ [COUNT]] (then it ends; 0: forever)
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <string>
#include <wsclient/asio.hpp>

namespace net = boost::asio;

net::awaitable<int> show_times(std::string url, long count) {
  wsclient::message_stream ws(co_await net::this_coro::executor);
  if (auto ec = co_await ws.async_connect(url, net::use_awaitable)) {
    std::cerr << ec.message() << "\n";
    co_return 1;
  }
  for (long n = 0; count == 0 || n < count; ++n) {
    auto [ec, m] = co_await ws.async_receive(net::as_tuple(net::use_awaitable));
    if (ec) {
      std::cerr << ec.message() << "\n";
      co_return 1;
    }
    std::cout << m.data << std::endl;
  }
  co_await ws.async_close(net::use_awaitable);
  co_return 0;
}

int main(int argc, char** argv) {
  net::io_context io;
  int status = 1;
  net::co_spawn(
      io,
      show_times(argc > 1 ? argv[1] : "ws://127.0.0.1:5678/", argc > 2 ? std::stol(argv[2]) : 0),
      [&](std::exception_ptr, int s) { status = s; });
  io.run();
  return status;
}
