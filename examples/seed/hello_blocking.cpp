// The seed's hello client with blocking calls: sends your name, prints the greeting.
// Usage: hello_blocking [ws://localhost:8765]
#include <wsclient/blocking.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  wsclient::blocking_client ws;
  if (auto ec = ws.connect(argc > 1 ? argv[1] : "ws://localhost:8765", 10s)) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  std::string name;
  std::cout << "What's your name? " << std::flush;
  std::getline(std::cin, name);
  ws.send_text(name);
  std::cout << "> " << name << "\n";
  wsclient::message greeting;
  if (auto ec = ws.receive(greeting, 10s)) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  std::cout << "< " << greeting.data << "\n";
}
