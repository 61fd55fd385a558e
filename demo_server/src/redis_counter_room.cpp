#include "redis_counter_room.hpp"

#include <charconv>
#include <vector>

#include "counter_messages.hpp"
#include "error_reply.hpp"

namespace wsclient::demo {

namespace {

// KEYS: the value, the sequence number of its changes. ARGV: the change (+1 or -1), the
// channel. INCRBY refuses to leave the signed 64-bit range ("increment or decrement would
// overflow"), which aborts the script before anything is written. The values are read back
// with GET, as strings: Lua numbers are doubles and would round a large value.
constexpr std::string_view change_script = R"(
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[2])
local value = redis.call('GET', KEYS[1])
redis.call('PUBLISH', ARGV[2], redis.call('GET', KEYS[2]) .. ' ' .. value)
return value
)";

// KEYS: the set of node ids. ARGV: the prefix of the nodes' users keys, this node's id, its
// users count, the keys' time to live (ms), the key of the last total published, the channel,
// "1" to publish even an unchanged total. Sums the live nodes' counts, forgetting the nodes
// whose key has expired (a node killed without a goodbye), and publishes the total.
constexpr std::string_view users_script = R"(
redis.call('SET', ARGV[1] .. ARGV[2], ARGV[3], 'PX', ARGV[4])
redis.call('SADD', KEYS[1], ARGV[2])
local total = 0
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local count = redis.call('GET', ARGV[1] .. node)
  if count then total = total + tonumber(count) else redis.call('SREM', KEYS[1], node) end
end
total = string.format('%d', total)
if ARGV[7] == '1' or redis.call('GET', ARGV[5]) ~= total then
  redis.call('SET', ARGV[5], total)
  redis.call('PUBLISH', ARGV[6], total)
end
return total
)";

template <class T>
bool parse_number(std::string_view text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

std::string key(std::string_view name) {
  return std::string(redis_counter_room::key_prefix) + std::string(name);
}

}  // namespace

redis_counter_room::redis_counter_room(redis_link& link)
    : link_(link),
      value_key_(key("value")),
      seq_key_(key("seq")),
      state_channel_(key("states")),
      nodes_key_(key("nodes")),
      node_key_prefix_(key("users:")),
      total_key_(key("users-total")),
      users_channel_(key("users")) {
  link_.add_listener(*this, {state_channel_, users_channel_});
}

void redis_counter_room::enter(const std::shared_ptr<connection>& conn) {
  if (!conn) {
    return;
  }
  const std::lock_guard lock(mutex_);
  std::erase_if(members_, [](const auto& entry) { return entry.second.conn.expired(); });
  members_.insert_or_assign(conn->id(), member{conn, false});
  // Its users and state messages come when the new total is published (on_redis_message).
  if (link_.up()) {
    publish_users_locked(true);
  } else {
    conn->send(error_reply(std::string(shared_state_unavailable)), true);
  }
}

void redis_counter_room::leave(const connection& conn) {
  const std::lock_guard lock(mutex_);
  if (members_.erase(conn.id()) != 0 && link_.up()) {
    publish_users_locked(true);
  }
}

std::string redis_counter_room::handle(connection& sender, std::string_view data, bool is_text) {
  std::string error;
  const int delta = parse_counter_action(data, is_text, error);
  if (error.empty() && !link_.up()) {
    error = shared_state_unavailable;
  }
  if (!error.empty()) {
    sender.send(error_reply(error), true);
    return error;
  }
  // The new state reaches everyone, the sender included, through the channel.
  link_.command({"EVAL", std::string(change_script), "2", value_key_, seq_key_,
                 std::to_string(delta), state_channel_},
                [this, id = sender.id()](const redis_reply& reply) {
                  if (reply.is_error()) {
                    reply_to(id, reply.text.find("overflow") != std::string::npos
                                     ? std::string(counter_at_limit)
                                     : std::string(shared_state_unavailable));
                  }
                });
  return {};
}

void redis_counter_room::reply_to(std::uint64_t member_id, const std::string& error) {
  const std::lock_guard lock(mutex_);
  if (const auto it = members_.find(member_id); it != members_.end()) {
    if (const auto conn = it->second.conn.lock()) {
      conn->send(error_reply(error), true);
    }
  }
}

void redis_counter_room::publish_users_locked(bool always) {
  std::size_t count = 0;
  for (const auto& [id, m] : members_) {
    count += m.conn.expired() ? 0 : 1;
  }
  link_.command({"EVAL", std::string(users_script), "1", nodes_key_, node_key_prefix_,
                 link_.node_id(), std::to_string(count), std::to_string(users_ttl.count()),
                 total_key_, users_channel_, always ? "1" : "0"},
                [](const redis_reply&) {});  // a lost heartbeat is made up by the next one
}

void redis_counter_room::apply_state_locked(std::uint64_t seq, std::int64_t value) {
  if (seq < seq_) {
    return;  // published before the snapshot that is already applied
  }
  // Consecutive changes always differ; an equal value is a snapshot of what members have.
  const bool changed = value != value_;
  seq_ = seq;
  value_ = value;
  if (!changed) {
    return;
  }
  const auto payload = state_message(value_);
  for (const auto& [id, m] : members_) {
    if (const auto conn = m.conn.lock(); conn && m.greeted) {
      conn->send(payload, true);
    }
  }
}

void redis_counter_room::on_redis_message(const std::string& channel, const std::string& payload) {
  const std::lock_guard lock(mutex_);
  if (channel == state_channel_) {
    const auto space = payload.find(' ');
    std::uint64_t seq = 0;
    std::int64_t value = 0;
    if (space != std::string::npos &&
        parse_number(std::string_view(payload).substr(0, space), seq) &&
        parse_number(std::string_view(payload).substr(space + 1), value)) {
      apply_state_locked(seq, value);
    }
  } else if (channel == users_channel_) {
    std::uint64_t total = 0;
    if (!parse_number(std::string_view(payload), total)) {
      return;
    }
    // The users count first, then the state to newcomers: the seed's order.
    const auto users = users_message(total);
    const auto state = state_message(value_);
    for (auto& [id, m] : members_) {
      if (const auto conn = m.conn.lock()) {
        conn->send(users, true);
        if (!m.greeted) {
          conn->send(state, true);
          m.greeted = true;
        }
      }
    }
  }
}

void redis_counter_room::on_redis_up() {
  {
    const std::lock_guard lock(mutex_);
    seq_ = 0;  // Redis may have lost its data: take its snapshot whatever it says
  }
  link_.command({"MGET", seq_key_, value_key_}, [this](const redis_reply& reply) {
    const std::lock_guard lock(mutex_);
    if (reply.type == redis_reply::kind::array && reply.elements.size() == 2) {
      std::uint64_t seq = 0;
      std::int64_t value = 0;
      (void)parse_number(std::string_view(reply.elements[0].text), seq);
      (void)parse_number(std::string_view(reply.elements[1].text), value);
      apply_state_locked(seq, value);
    }
    // After the snapshot: members waiting for their greeting get the value it holds.
    publish_users_locked(true);
  });
}

void redis_counter_room::on_redis_down(const std::string&) {}

void redis_counter_room::on_redis_tick() {
  const std::lock_guard lock(mutex_);
  publish_users_locked(false);
}

}  // namespace wsclient::demo
