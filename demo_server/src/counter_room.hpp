// The seed's counter: one shared integer kept in sync across every connected client.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "connection.hpp"
#include "room.hpp"

namespace wsclient::demo {

/// The shared state behind /counter (docs/protocol.md, "/counter").
/// Every change happens under one mutex and is handed to each member's send queue while that
/// mutex is held, so all clients see the same sequence of state messages.
/// @par Thread Safety  Every member may be called from any thread.
class counter_room final : public room {
 public:
  /// Adds a member: everyone gets {"type":"users","count":N}, then the newcomer gets
  /// {"type":"state","value":V} (the seed's order).
  void join(const std::shared_ptr<connection>& member);
  void enter(const std::shared_ptr<connection>& member) override { join(member); }

  /// Removes a member; the others get the new users count. Unknown members are ignored.
  void leave(const connection& member) override;

  /// Applies one client message. {"action":"plus"|"minus"} changes the value and broadcasts
  /// the state; anything else (bad JSON, unknown action, binary) answers only the sender with
  /// {"type":"error","message":"..."} and changes nothing. Returns the error text, or an empty
  /// string when the message was valid.
  std::string handle(connection& sender, std::string_view data, bool is_text) override;

  std::int64_t value() const;
  std::size_t users() const;

 private:
  void broadcast_locked(const shared_payload& payload);

  mutable std::mutex mutex_;
  std::int64_t value_ = 0;
  std::map<std::uint64_t, std::weak_ptr<connection>> members_;
};

}  // namespace wsclient::demo
