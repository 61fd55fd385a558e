// /counter shared by every demo server on one Redis (--redis): the value and the users count.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "connection.hpp"
#include "redis_link.hpp"
#include "room.hpp"

namespace wsclient::demo {

/// The counter over Redis (docs/protocol.md, "Redis mode"). A plus or minus runs one Lua script
/// that changes the value and publishes "SEQ VALUE" on a channel; every node sends its members
/// the states in the order they were published, so all clients everywhere see one sequence.
/// The users count: this node's member count in a key with a time to live, refreshed every
/// heartbeat; the total over the live nodes' keys is published when it changes.
/// @par Thread Safety  Every member may be called from any thread.
class redis_counter_room final : public room, public redis_listener {
 public:
  /// The keys and channels it uses, under this prefix (docs/protocol.md lists them).
  static constexpr std::string_view key_prefix = "wsclient:counter:";
  /// A node's users key lives this long unless refreshed (every heartbeat).
  static constexpr std::chrono::milliseconds users_ttl{3'000};

  /// Registers with link, which must outlive it.
  explicit redis_counter_room(redis_link& link);

  void enter(const std::shared_ptr<connection>& conn) override;
  void leave(const connection& conn) override;
  std::string handle(connection& sender, std::string_view data, bool is_text) override;

  void on_redis_up() override;
  void on_redis_down(const std::string& reason) override;
  void on_redis_message(const std::string& channel, const std::string& payload) override;
  void on_redis_tick() override;

 private:
  struct member {
    std::weak_ptr<connection> conn;
    bool greeted = false;  ///< has had its first users and state messages
  };

  void publish_users_locked(bool always);
  void apply_state_locked(std::uint64_t seq, std::int64_t value);
  void reply_to(std::uint64_t member_id, const std::string& error);

  redis_link& link_;
  const std::string value_key_;
  const std::string seq_key_;
  const std::string state_channel_;
  const std::string nodes_key_;
  const std::string node_key_prefix_;
  const std::string total_key_;
  const std::string users_channel_;

  std::mutex mutex_;
  std::map<std::uint64_t, member> members_;
  std::uint64_t seq_ = 0;  ///< of the newest state known: older ones arriving late are dropped
  std::int64_t value_ = 0;
};

}  // namespace wsclient::demo
