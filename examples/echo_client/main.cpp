// Sends each line of stdin to a WebSocket server and prints what comes back; survives the
// server restarting under it. Usage: echo_client [ws://127.0.0.1:8080/echo]
#include <wsclient/client.hpp>

#include <future>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  wsclient::client client;  // reconnects with backoff by default
  std::promise<void> closed;
  client.on_open([](const wsclient::open_info& i) { std::cerr << "open " << i.url << "\n"; });
  client.on_message([](const wsclient::message_view& m) { std::cout << m.data << std::endl; });
  client.on_reconnecting([](const wsclient::reconnect_info& r) {
    std::cerr << "reconnecting in " << r.delay.count() << " ms\n";
  });
  client.on_close([&](const wsclient::close_info& i) {
    if (!i.will_reconnect)
      closed.set_value();
  });
  if (auto ec = client.connect(argc > 1 ? argv[1] : "ws://127.0.0.1:8080/echo")) {
    std::cerr << ec.message() << "\n";
    return 2;
  }
  for (std::string line; std::getline(std::cin, line);)
    client.send_text(line);
  client.close();  // sticky: no reconnect after this
  closed.get_future().wait();
}
