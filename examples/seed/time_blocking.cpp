// The seed's time page as a blocking program: prints each time the server pushes.
// Usage: time_blocking [ws://127.0.0.1:5678/ [COUNT]] (COUNT times, then it ends; 0: forever)
#include <wsclient/blocking.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const long count = argc > 2 ? std::stol(argv[2]) : 0;
  wsclient::blocking_client ws;  // reconnects by itself if the server restarts
  if (auto ec = ws.connect(argc > 1 ? argv[1] : "ws://127.0.0.1:5678/", std::chrono::seconds(10))) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  for (long n = 0; count == 0 || n < count; ++n) {
    wsclient::message m;
    if (auto ec = ws.receive(m)) {
      std::cerr << ec.message() << "\n";
      return 1;
    }
    std::cout << m.data << std::endl;
  }
}
