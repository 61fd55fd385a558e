// The seed's chat room, with durable history and resume after reconnect (/chat).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat_store.hpp"
#include "connection.hpp"
#include "room.hpp"

namespace wsclient::demo {

/// The room behind /chat (docs/protocol.md, "/chat"): members, presence, and the store's
/// messages fanned out live.
///
/// One mutex orders everything: a message is stored, then handed to every joined member's
/// send queue, under it; a join reads its replay from the store and becomes a member under
/// it too. So a message stored while a newcomer is being replayed is either in its replay or
/// sent to it live, never both and never neither, and every member sees ids in increasing order.
/// (Storing, fsync included, happens under that mutex: ids are assigned in the order messages
/// are written, which is the order everyone sees them.)
/// @par Thread Safety  Every member may be called from any thread.
class chat_room final : public room {
 public:
  using clock_function = std::function<std::chrono::system_clock::time_point()>;

  /// replay_max: how many stored messages a join gets at most (--chat-replay-max).
  chat_room(chat_store& store, std::size_t replay_max,
            clock_function now = std::chrono::system_clock::now);

  /// A new connection: it receives nothing until it joins.
  void open(const std::shared_ptr<connection>& conn);
  void enter(const std::shared_ptr<connection>& conn) override { open(conn); }

  /// A connection ended; if it had joined, everyone left gets the new presence.
  void leave(const connection& conn) override;

  /// Applies one client message: a join (replay, then presence to everyone), a say (stored,
  /// sent to every member, acknowledged to the sender), or an error reply to the sender for
  /// anything else. Returns the error text, empty when the message was applied.
  std::string handle(connection& sender, std::string_view data, bool is_text) override;

  /// The names of the joined members, sorted, each once.
  std::vector<std::string> users() const;

 private:
  struct member {
    std::weak_ptr<connection> conn;
    std::optional<std::string> name;  ///< set by its join
  };

  std::string join_locked(connection& sender, member& m, std::string name, std::uint64_t since);
  std::string say_locked(connection& sender, const member& m, std::string text,
                         std::string client_msg_id);
  void broadcast_locked(const shared_payload& payload);
  std::vector<std::string> users_locked() const;

  chat_store& store_;
  std::size_t replay_max_;
  clock_function now_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, member> members_;
};

}  // namespace wsclient::demo
