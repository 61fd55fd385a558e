// The seed's counter page as a blocking program: each line of stdin, "plus" or "minus", is
// sent as {"action": ...}; what the server says ({"type": "state", "value": N} and
// {"type": "users", "count": N}) is printed up to the new state.
// Usage: counter_blocking [ws://localhost:6789]
#include <wsclient/blocking.hpp>

#include <iostream>
#include <string>

// Prints what arrives up to and including the next state message; false when the
// connection ended instead.
bool print_until_state(wsclient::blocking_client& ws) {
  for (wsclient::message m; !ws.receive(m, std::chrono::seconds(10));) {
    std::cout << "< " << m.data << std::endl;
    if (m.data.find(R"("type": "state")") != std::string::npos) {
      return true;
    }
  }
  return false;
}

int main(int argc, char** argv) {
  wsclient::blocking_client ws;
  if (auto ec = ws.connect(argc > 1 ? argv[1] : "ws://localhost:6789", std::chrono::seconds(10))) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  bool up = print_until_state(ws);  // the server greets a newcomer with the current state
  for (std::string action; up && std::getline(std::cin, action);) {
    ws.send_text(R"({"action": ")" + action + R"("})");
    up = print_until_state(ws);
  }
  return up ? 0 : 1;
}
