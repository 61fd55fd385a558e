// /chat shared by every demo server on one Redis (--redis): ids, history, CID dedup, live
// fan-out and presence.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connection.hpp"
#include "redis_link.hpp"
#include "room.hpp"

namespace wsclient::demo {

/// The chat room over Redis (docs/protocol.md, "Redis mode"). A say runs one Lua script: the
/// CID dedup check, the next id, the append to the capped history, the publish. Each node hands
/// its members the published messages in id order with no gap or duplicate: an id that skips
/// ahead makes it fetch the missing ones from the history first. A join reads its replay from
/// the history while the node stays subscribed, then catches up with what the node delivered
/// meanwhile, so live ids already replayed are dropped. Presence: each node's names in a set
/// with a time to live, refreshed every heartbeat; the union is published when it changes.
/// @par Thread Safety  Every member may be called from any thread.
class redis_chat_room final : public room, public redis_listener {
 public:
  using clock_function = std::function<std::chrono::system_clock::time_point()>;

  /// The keys and channels it uses, under this prefix (docs/protocol.md lists them).
  static constexpr std::string_view key_prefix = "wsclient:chat:";
  /// A node's names key lives this long unless refreshed (every heartbeat).
  static constexpr std::chrono::milliseconds names_ttl{3'000};

  /// replay_max: messages a join gets at most (--chat-replay-max); history_max: messages Redis
  /// keeps (--chat-history-max). Registers with link, which must outlive it.
  redis_chat_room(redis_link& link, std::size_t replay_max, std::size_t history_max,
                  clock_function now = std::chrono::system_clock::now);

  void enter(const std::shared_ptr<connection>& conn) override;
  void leave(const connection& conn) override;
  std::string handle(connection& sender, std::string_view data, bool is_text) override;

  void on_redis_up() override;
  void on_redis_down(const std::string& reason) override;
  void on_redis_message(const std::string& channel, const std::string& payload) override;
  void on_redis_tick() override;

 private:
  using stored = std::pair<std::uint64_t, shared_payload>;  ///< id, message text

  struct member {
    std::weak_ptr<connection> conn;
    std::optional<std::string> name;  ///< set by its join
    bool live = false;                ///< replayed and caught up: gets messages as delivered
    std::uint64_t last_sent = 0;      ///< the newest message id it has
    std::map<std::uint64_t, shared_payload> acks;  ///< sent once it has the message
  };

  std::string join_locked(std::uint64_t id, member& m, std::string name, std::uint64_t since);
  std::string say_locked(std::uint64_t id, const member& m, std::string text, std::string cid);
  void read_history(std::uint64_t after, std::size_t max, bool newest,
                    std::function<void(bool ok, std::vector<stored>)> done);
  void catch_up_locked(std::uint64_t id, member& m);
  void send_to_locked(member& m, const stored& message);
  void pump_locked();
  void deliver_locked(const stored& message);
  void publish_names_locked(bool always);

  redis_link& link_;
  std::size_t replay_max_;
  std::size_t history_max_;
  clock_function now_;
  const std::string id_key_;
  const std::string history_key_;
  const std::string cids_key_;
  const std::string messages_channel_;
  const std::string nodes_key_;
  const std::string names_key_prefix_;
  const std::string presence_key_;
  const std::string presence_channel_;

  std::mutex mutex_;
  std::map<std::uint64_t, member> members_;
  bool synced_ = false;  ///< delivered_ follows Redis (since the last on_redis_up)
  bool ever_synced_ = false;
  std::uint64_t delivered_ = 0;  ///< the newest id handed to the members, in order
  std::uint64_t known_ = 0;      ///< the newest id known to exist
  std::map<std::uint64_t, shared_payload> ahead_;  ///< published past a gap
  bool fetching_ = false;                          ///< a gap is being read from the history
  std::deque<stored> recent_;                      ///< the newest delivered, for joins catching up
};

}  // namespace wsclient::demo
