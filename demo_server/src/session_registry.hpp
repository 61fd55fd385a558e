// Every live connection of the server, so that shutdown and the test hooks can reach them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "connection.hpp"

namespace wsclient::demo {

/// Something the server must be able to shut down: an HTTP connection waiting for its next
/// request, or a WebSocket connection (closed with 1001).
class closable {
 public:
  virtual ~closable() = default;
  /// Ends the connection as the server stops. Callable from any thread.
  virtual void shutdown() = 0;
};

/// @par Thread Safety  Every member may be called from any thread. Snapshots are taken under
/// the lock and returned, so callers act on connections without holding it.
class session_registry {
 public:
  void add_websocket(std::uint64_t id, std::weak_ptr<connection> conn);
  void add_http(std::uint64_t id, std::weak_ptr<closable> session);
  /// Returns true when this removal left the registry empty.
  bool remove(std::uint64_t id);

  std::vector<std::shared_ptr<connection>> websockets() const;
  std::vector<std::shared_ptr<closable>> all_closables() const;
  std::size_t size() const;

 private:
  struct entry {
    std::weak_ptr<connection> websocket;
    std::weak_ptr<closable> closer;
  };
  /// What each entry's member still points at, taken under the lock.
  template <typename T>
  std::vector<std::shared_ptr<T>> live(std::weak_ptr<T> entry::*member) const;

  mutable std::mutex mutex_;
  std::map<std::uint64_t, entry> entries_;
};

}  // namespace wsclient::demo
