// The seed's time page with wsclient::client and handlers: prints each time the server
// pushes. Usage: time_callback [ws://127.0.0.1:5678/ [COUNT]] (then it ends; 0: forever)
#include <wsclient/client.hpp>

#include <future>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const long count = argc > 2 ? std::stol(argv[2]) : 0;
  wsclient::client ws;  // reconnects by itself if the server restarts
  std::promise<int> done;
  long received = 0;  // handlers run one at a time: no lock needed
  ws.on_message([&](const wsclient::message_view& m) {
    std::cout << m.data << std::endl;
    if (++received == count) {
      done.set_value(0);
    }
  });
  ws.on_error([](std::error_code, std::string_view what) { std::cerr << what << "\n"; });
  ws.on_close([&](const wsclient::close_info& c) {
    if (!c.will_reconnect && received != count) {
      done.set_value(1);
    }
  });
  if (auto ec = ws.connect(argc > 1 ? argv[1] : "ws://127.0.0.1:5678/")) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  return done.get_future().get();
}
