// chat_client in a web page, from C++ (Emscripten): joins this page's server's /chat as the
// name in the page's `?name=` (else "web") and prints the room to the console. The same
// chat_client as chat_terminal's; the web demo's chat panel is the JS equivalent.
#include <emscripten/emscripten.h>

#include <cstdio>
#include <memory>
#include <string>

#include "chat_client.hpp"

int main() {
  const std::string origin = emscripten_run_script_string("location.origin.replace(/^http/, 'ws')");
  const std::string name =
      emscripten_run_script_string("new URLSearchParams(location.search).get('name') || 'web'");
  chat::chat_client::handlers h;
  h.message = [](const chat::chat_message& m) {
    std::printf("[%lld] %s: %s\n", static_cast<long long>(m.id), m.from.c_str(), m.text.c_str());
  };
  h.presence = [](const std::vector<std::string>& users) {
    std::printf("online: %zu\n", users.size());
  };
  // main() returns but the page lives on: the browser's event loop runs the client.
  static chat::chat_client room(name, {origin + "/chat"}, std::move(h));
  if (const auto ec = room.connect()) {
    std::printf("connect failed: %s\n", ec.message().c_str());
    return 0;
  }
  room.say("hello from C++ in " + name + "'s browser");
  return 0;
}
