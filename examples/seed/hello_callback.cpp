// The seed's hello client with wsclient::client and handlers: sends your name, prints the
// greeting. Usage: hello_callback [ws://localhost:8765]
#include <wsclient/client.hpp>

#include <future>
#include <iostream>
#include <string>
#include <utility>

int main(int argc, char** argv) {
  std::string name;
  std::cout << "What's your name? " << std::flush;
  std::getline(std::cin, name);
  wsclient::client ws;
  std::promise<std::string> reply;  // the greeting, or why there is none
  bool done = false;                // handlers run one at a time: no lock needed
  auto answer = [&](std::string text) {
    if (!std::exchange(done, true)) {
      reply.set_value(std::move(text));
    }
  };
  ws.on_message([&](const wsclient::message_view& m) { answer("< " + std::string(m.data)); });
  ws.on_error([&](std::error_code ec, std::string_view) { answer("error: " + ec.message()); });
  if (auto ec = ws.connect(argc > 1 ? argv[1] : "ws://localhost:8765")) {
    std::cerr << ec.message() << "\n";
    return 1;
  }
  ws.send_text(name);  // queued until the connection is open
  std::cout << "> " << name << "\n";
  const auto text = reply.get_future().get();
  (text.starts_with("< ") ? std::cout : std::cerr) << text << "\n";
  ws.close();
  return text.starts_with("< ") ? 0 : 1;
}
