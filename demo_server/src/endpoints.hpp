// What the WebSocket routes of the demo server do (docs/protocol.md): /echo, /time, /counter
// and /chat.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "connection.hpp"
#include "room.hpp"

namespace wsclient::demo {

/// What the endpoints share across connections.
struct endpoint_settings {
  room* counter = nullptr;  ///< counter_room, or redis_counter_room with --redis
  room* chat = nullptr;     ///< chat_room, or redis_chat_room with --redis
  /// Fixed /time interval; unset: a random 0-3 s, as the seed's time server.
  std::optional<std::chrono::milliseconds> time_interval;
};

/// Fresh per-connection endpoints: every message echoed; the time pushed; the shared counter
/// (nullptr when settings has no counter room); the chat room (nullptr without one).
std::unique_ptr<endpoint> make_echo_endpoint(const endpoint_settings& settings);
std::unique_ptr<endpoint> make_time_endpoint(const endpoint_settings& settings);
std::unique_ptr<endpoint> make_counter_endpoint(const endpoint_settings& settings);
std::unique_ptr<endpoint> make_chat_endpoint(const endpoint_settings& settings);

}  // namespace wsclient::demo
