// The seed's hello client as a C++20 coroutine (wsclient::message_stream): sends your name,
// prints the greeting. Usage: hello_coroutine [ws://localhost:8765]
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <string>
#include <wsclient/asio.hpp>

namespace net = boost::asio;

net::awaitable<int> hello(std::string url) {
  wsclient::message_stream ws(co_await net::this_coro::executor);
  if (auto ec = co_await ws.async_connect(url, net::use_awaitable)) {
    std::cerr << ec.message() << "\n";
    co_return 1;
  }
  std::string name;
  std::cout << "What's your name? " << std::flush;
  std::getline(std::cin, name);
  ws.get().send_text(name);
  std::cout << "> " << name << "\n";
  auto [ec, greeting] = co_await ws.async_receive(net::as_tuple(net::use_awaitable));
  if (ec) {
    std::cerr << ec.message() << "\n";
    co_return 1;
  }
  std::cout << "< " << greeting.data << "\n";
  co_await ws.async_close(net::use_awaitable);
  co_return 0;
}

int main(int argc, char** argv) {
  net::io_context io;
  int status = 1;
  net::co_spawn(io, hello(argc > 1 ? argv[1] : "ws://localhost:8765"),
                [&](std::exception_ptr, int s) { status = s; });
  io.run();
  return status;
}
