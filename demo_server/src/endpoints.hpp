// The WebSocket routes of the demo server (PROTOCOL.md): /echo, /time and /counter.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "connection.hpp"
#include "counter_room.hpp"

namespace wsclient::demo {

/// What the endpoints share across connections.
struct endpoint_settings {
  counter_room* counter = nullptr;
  /// Fixed /time interval; unset: a random 0-3 s, as the seed's time server.
  std::optional<std::chrono::milliseconds> time_interval;
};

/// True for the paths that speak WebSocket ("/echo", "/time", "/counter"; query ignored).
bool is_websocket_route(std::string_view target);

/// A fresh per-connection endpoint for target, or nullptr when target is no WebSocket route.
std::unique_ptr<endpoint> make_endpoint(std::string_view target, const endpoint_settings& settings);

}  // namespace wsclient::demo
