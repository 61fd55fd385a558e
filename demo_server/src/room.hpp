// A shared room behind a WebSocket route (/counter, /chat): in one process, or over Redis.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "connection.hpp"

namespace wsclient::demo {

/// What an endpoint of a shared room calls: a connection enters on opening, hands it every
/// message, and leaves when it ends.
/// @par Thread Safety  Implementations take calls from any thread.
class room {
 public:
  virtual ~room() = default;
  virtual void enter(const std::shared_ptr<connection>& conn) = 0;
  virtual void leave(const connection& conn) = 0;
  /// Applies one client message; returns the error text sent back, empty when none was.
  virtual std::string handle(connection& sender, std::string_view data, bool is_text) = 0;
};

}  // namespace wsclient::demo
