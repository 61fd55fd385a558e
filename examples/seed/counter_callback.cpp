// The seed's counter page with wsclient::client and handlers: each line of stdin, "plus" or
// "minus", is sent as {"action": ...}; everything the server says is printed. At the end of
// stdin it waits for the state that answers the last action, then closes.
// Usage: counter_callback [ws://localhost:6789]
#include <wsclient/client.hpp>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>

int main(int argc, char** argv) {
  wsclient::client ws;
  std::mutex mutex;
  std::condition_variable changed;
  int states = 0;  // state messages received: one on joining, then one per action
  ws.on_message([&](const wsclient::message_view& m) {
    std::cout << "< " << m.data << std::endl;
    if (m.data.find(R"("type": "state")") != std::string::npos) {
      std::lock_guard lock(mutex);
      ++states;
      changed.notify_all();
    }
  });
  ws.on_error([](std::error_code, std::string_view what) { std::cerr << what << "\n"; });
  if (auto ec = ws.connect(argc > 1 ? argv[1] : "ws://localhost:6789")) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  int sent = 0;
  for (std::string action; std::getline(std::cin, action); ++sent) {
    ws.send_text(R"({"action": ")" + action + R"("})");  // queued until open
  }
  std::unique_lock lock(mutex);
  const bool answered =
      changed.wait_for(lock, std::chrono::seconds(10), [&] { return states > sent; });
  ws.close();
  return answered ? 0 : 1;
}
