// The browser backend: the page's main thread as the event context, the page's WebSocket as
// the transport.
#include "backend.hpp"
#include "browser_scheduler.hpp"
#include "browser_transport.hpp"

namespace wsclient::detail {

backend make_default_backend(const client_options&) {
  backend be;
  be.events = std::make_shared<browser_scheduler>();
  be.caps = default_capabilities();
  be.make_transport = [](std::weak_ptr<transport_events> events, std::uint64_t epoch,
                         const connect_request&) {
    return make_browser_transport(std::move(events), epoch);
  };
  be.watch_network = [](std::function<bool(bool)> fn) { watch_browser_network(std::move(fn)); };
  return be;
}

capabilities default_capabilities() noexcept {
  return {};  // no custom headers, TLS options, protocol pings, HTTP status, deflate options
}

}  // namespace wsclient::detail
