// wsclient::client in a web page, from C++: the same code as natively. Built with Emscripten
// (emcmake cmake, link wsclient::wsclient); web_demo/cpp.html loads it.
#include <emscripten/emscripten.h>
#include <wsclient/client.hpp>

#include <cstdio>
#include <string>

int main() {
  // main() returns but the page lives on: the browser's event loop runs the client.
  static wsclient::client client;
  client.on_open([](const wsclient::open_info& i) { std::printf("open %s\n", i.url.c_str()); });
  client.on_message([](const wsclient::message_view& m) {
    std::printf("echo: %.*s\n", static_cast<int>(m.data.size()), m.data.data());
  });
  client.on_reconnecting([](const wsclient::reconnect_info& r) {
    std::printf("reconnecting in %lld ms\n", static_cast<long long>(r.delay.count()));
  });
  client.on_open_hook([](wsclient::client& c) { c.send_text("hello from C++"); });
  // This page's own server: ws://host/echo (wss:// on https://).
  const std::string url =
      emscripten_run_script_string("location.origin.replace(/^http/, 'ws') + '/echo'");
  if (auto ec = client.connect(url)) {
    std::printf("connect failed: %s\n", ec.message().c_str());
  }
  return 0;
}
