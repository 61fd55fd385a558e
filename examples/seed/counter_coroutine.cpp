// The seed's counter page as a C++20 coroutine (wsclient::message_stream): each line of stdin,
// "plus" or "minus", is sent as {"action": ...}; what the server says is printed up to the
// new state. Usage: counter_coroutine [ws://localhost:6789]
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <string>
#include <wsclient/asio.hpp>

namespace net = boost::asio;

// Prints what arrives up to and including the next state message; false when the
// connection ended instead.
net::awaitable<bool> print_until_state(wsclient::message_stream& ws) {
  for (;;) {
    auto [ec, m] = co_await ws.async_receive(net::as_tuple(net::use_awaitable));
    if (ec) {
      co_return false;
    }
    std::cout << "< " << m.data << std::endl;
    if (m.data.find(R"("type": "state")") != std::string::npos) {
      co_return true;
    }
  }
}

net::awaitable<int> count(std::string url) {
  wsclient::message_stream ws(co_await net::this_coro::executor);
  if (auto ec = co_await ws.async_connect(url, net::use_awaitable)) {
    std::cerr << ec.message() << "\n";
    co_return 1;
  }
  bool up = co_await print_until_state(ws);  // a newcomer gets the current state
  for (std::string action; up && std::getline(std::cin, action);) {
    ws.get().send_text(R"({"action": ")" + action + R"("})");
    up = co_await print_until_state(ws);
  }
  co_await ws.async_close(net::use_awaitable);
  co_return up ? 0 : 1;
}

int main(int argc, char** argv) {
  net::io_context io;
  int status = 1;
  net::co_spawn(io, count(argc > 1 ? argv[1] : "ws://localhost:6789"),
                [&](std::exception_ptr, int s) { status = s; });
  io.run();
  return status;
}
