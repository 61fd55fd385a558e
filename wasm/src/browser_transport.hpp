// The browser transport: one attempt over the page's WebSocket, through js/socket_table.js.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "transport.hpp"

namespace wsclient::detail {

std::shared_ptr<transport> make_browser_transport(std::weak_ptr<transport_events> events,
                                                  std::uint64_t epoch);

/// Calls fn(online) on every `online` / `offline` event of the page (and once now if the
/// page is offline already) until fn returns false.
void watch_browser_network(std::function<bool(bool online)> fn);

}  // namespace wsclient::detail
