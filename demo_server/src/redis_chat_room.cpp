#include "redis_chat_room.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "chat_input.hpp"
#include "chat_message.hpp"
#include "chat_replies.hpp"
#include "error_reply.hpp"
#include "time_format.hpp"

namespace wsclient::demo {

namespace {

// KEYS: the last id, the history (a sorted set: score the id, member the message's text), the
// CIDs (a hash: dedup field -> id). ARGV: the dedup field, the message's text before and after
// its id, the most messages kept, the channel. One script, so that no other node's message
// comes between the check, the id, the append and the publish. The history's oldest message
// beyond the cap is dropped with its CID. Returns {duplicate (0 or 1), id}.
constexpr std::string_view say_script = R"(
local old = redis.call('HGET', KEYS[3], ARGV[1])
if old then return {1, tonumber(old)} end
local id = string.format('%d', redis.call('INCR', KEYS[1]))
local text = ARGV[2] .. id .. ARGV[3]
redis.call('ZADD', KEYS[2], id, text)
redis.call('HSET', KEYS[3], ARGV[1], id)
while redis.call('ZCARD', KEYS[2]) > tonumber(ARGV[4]) do
  local m = cjson.decode(redis.call('ZRANGE', KEYS[2], 0, 0)[1])
  redis.call('HDEL', KEYS[3], string.len(m.from) .. ':' .. m.from .. m.client_msg_id)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, 0)
end
redis.call('PUBLISH', ARGV[5], id .. ' ' .. text)
return {0, tonumber(id)}
)";

// KEYS: the set of node ids. ARGV: the prefix of the nodes' names keys, this node's id, the
// keys' time to live (ms), the key of the last presence published, the channel, "1" to publish
// even an unchanged one, then this node's names. The union over the nodes whose names key
// still exists (a node killed without a goodbye drops out when its key expires), sorted, is
// published as a JSON array when it changed.
constexpr std::string_view names_script = R"(
local key = ARGV[1] .. ARGV[2]
redis.call('DEL', key)
if #ARGV > 6 then
  redis.call('SADD', key, unpack(ARGV, 7))
  redis.call('PEXPIRE', key, ARGV[3])
  redis.call('SADD', KEYS[1], ARGV[2])
end
local names, seen = {}, {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local members = redis.call('SMEMBERS', ARGV[1] .. node)
  if #members == 0 then redis.call('SREM', KEYS[1], node) end
  for _, name in ipairs(members) do
    if not seen[name] then seen[name] = true; names[#names + 1] = name end
  end
end
table.sort(names)
local text = cjson.encode(names)
if ARGV[6] == '1' or redis.call('GET', ARGV[4]) ~= text then
  redis.call('SET', ARGV[4], text)
  redis.call('PUBLISH', ARGV[5], text)
end
return text
)";

// What every message's text starts with, up to its id (chat_message.hpp's key order).
constexpr std::string_view text_before_id = R"({"type":"message","id":)";

bool parse_id(std::string_view text, std::uint64_t& id) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc{} && end == text.data() + text.size();
}

std::string key(std::string_view name) {
  return std::string(redis_chat_room::key_prefix) + std::string(name);
}

// The hash field of a CID: unambiguous for any NAME (its length in bytes first).
std::string dedup_field(const std::string& from, const std::string& cid) {
  return std::to_string(from.size()) + ":" + from + cid;
}

}  // namespace

redis_chat_room::redis_chat_room(redis_link& link, std::size_t replay_max, std::size_t history_max,
                                 clock_function now)
    : link_(link),
      replay_max_(replay_max),
      history_max_(history_max),
      now_(std::move(now)),
      id_key_(key("last-id")),
      history_key_(key("history")),
      cids_key_(key("cids")),
      messages_channel_(key("messages")),
      nodes_key_(key("nodes")),
      names_key_prefix_(key("names:")),
      presence_key_(key("presence-last")),
      presence_channel_(key("presence")) {
  link_.add_listener(*this, {messages_channel_, presence_channel_});
}

void redis_chat_room::enter(const std::shared_ptr<connection>& conn) {
  if (!conn) {
    return;
  }
  const std::lock_guard lock(mutex_);
  members_.insert_or_assign(conn->id(), member{conn, std::nullopt, false, 0, {}});
}

void redis_chat_room::leave(const connection& conn) {
  const std::lock_guard lock(mutex_);
  const auto it = members_.find(conn.id());
  if (it == members_.end()) {
    return;
  }
  const bool named = it->second.name.has_value();
  members_.erase(it);
  if (named && link_.up()) {
    publish_names_locked(true);
  }
}

std::string redis_chat_room::handle(connection& sender, std::string_view data, bool is_text) {
  auto input = parse_chat_input(data, is_text);
  std::string error;
  if (auto* bad = std::get_if<chat_input_error>(&input)) {
    error = std::move(bad->message);
  } else {
    const std::lock_guard lock(mutex_);
    const auto it = members_.find(sender.id());
    if (it == members_.end()) {
      return {};
    }
    if (auto* join = std::get_if<chat_join>(&input)) {
      error = join_locked(it->first, it->second, std::move(join->name), join->since);
    } else {
      auto& say = std::get<chat_say>(input);
      error = say_locked(it->first, it->second, std::move(say.text), std::move(say.client_msg_id));
    }
  }
  if (!error.empty()) {
    sender.send(error_reply(error), true);
  }
  return error;
}

std::string redis_chat_room::join_locked(std::uint64_t id, member& m, std::string name,
                                         std::uint64_t since) {
  if (m.name) {
    return chat_already_joined(*m.name);
  }
  if (!link_.up()) {
    return std::string(shared_state_unavailable);
  }
  m.name = std::move(name);
  m.last_sent = since;
  read_history(since, replay_max_, true, [this, id, since](bool ok, std::vector<stored> replay) {
    const std::lock_guard lock(mutex_);
    const auto it = members_.find(id);
    if (it == members_.end()) {
      return;
    }
    auto& joiner = it->second;
    const auto conn = joiner.conn.lock();
    if (!conn) {
      return;
    }
    if (!ok) {
      joiner.name.reset();  // it may join again
      conn->send(error_reply(std::string(shared_state_unavailable)), true);
      return;
    }
    if (!replay.empty() && replay.front().first > since + 1) {
      conn->send(chat_truncated(replay.front().first), true);
    }
    for (const auto& message : replay) {
      send_to_locked(joiner, message);
    }
    catch_up_locked(id, joiner);
  });
  return {};
}

// The joiner has its replay; the node may have delivered newer messages meanwhile: send those
// from recent_, or read them from the history when recent_ no longer reaches back that far.
void redis_chat_room::catch_up_locked(std::uint64_t id, member& m) {
  if (m.last_sent < delivered_ && (recent_.empty() || recent_.front().first > m.last_sent + 1)) {
    read_history(m.last_sent, replay_max_, false, [this, id](bool ok, std::vector<stored> more) {
      const std::lock_guard lock(mutex_);
      const auto it = members_.find(id);
      if (it == members_.end()) {
        return;
      }
      if (!ok || more.empty()) {
        // Redis went away (its return re-syncs the node), or the rest was trimmed: take the
        // member live from here.
        it->second.live = true;
        return;
      }
      for (const auto& message : more) {
        send_to_locked(it->second, message);
      }
      catch_up_locked(id, it->second);
    });
    return;
  }
  for (const auto& message : recent_) {
    send_to_locked(m, message);
  }
  m.live = true;
  // After its replay: the joiner's presence message comes last.
  publish_names_locked(true);
}

std::string redis_chat_room::say_locked(std::uint64_t id, const member& m, std::string text,
                                        std::string cid) {
  if (!m.name) {
    return std::string(chat_join_first);
  }
  if (!link_.up()) {
    return std::string(shared_state_unavailable);
  }
  chat_message message;
  message.from = *m.name;
  message.text = std::move(text);
  message.client_msg_id = cid;
  message.ts = format_utc_milliseconds(now_());
  // The text with id 0, split around the 0: the script puts the id it assigns there.
  const auto whole = to_json_text(message);
  const auto before = whole.substr(0, text_before_id.size());
  const auto after = whole.substr(text_before_id.size() + 1);
  link_.command({"EVAL", std::string(say_script), "3", id_key_, history_key_, cids_key_,
                 dedup_field(message.from, cid), before, after, std::to_string(history_max_),
                 messages_channel_},
                [this, id, cid](const redis_reply& reply) {
                  const std::lock_guard lock(mutex_);
                  const auto it = members_.find(id);
                  if (it == members_.end()) {
                    return;
                  }
                  const auto conn = it->second.conn.lock();
                  if (!conn) {
                    return;
                  }
                  if (reply.type != redis_reply::kind::array || reply.elements.size() != 2) {
                    // Not acknowledged: the client sends it again, and a copy stored before
                    // the connection broke is then only acknowledged.
                    conn->send(error_reply(std::string(shared_state_unavailable)), true);
                    return;
                  }
                  const auto stored_id = static_cast<std::uint64_t>(reply.elements[1].integer);
                  auto ack = chat_ack(cid, stored_id);
                  // After the message itself, as in one process: a sender that sees the ack
                  // has seen its message too.
                  if (stored_id <= it->second.last_sent) {
                    conn->send(ack, true);
                  } else {
                    it->second.acks.emplace(stored_id, std::move(ack));
                  }
                });
  return {};
}

void redis_chat_room::read_history(std::uint64_t after, std::size_t max, bool newest,
                                   std::function<void(bool, std::vector<stored>)> done) {
  const auto above = "(" + std::to_string(after);
  std::vector<std::string> args;
  if (newest) {
    args = {"ZREVRANGEBYSCORE", history_key_, "+inf", above};
  } else {
    args = {"ZRANGEBYSCORE", history_key_, above, "+inf"};
  }
  args.insert(args.end(), {"WITHSCORES", "LIMIT", "0", std::to_string(max)});
  link_.command(std::move(args), [newest, done = std::move(done)](const redis_reply& reply) {
    std::vector<stored> messages;
    if (reply.type != redis_reply::kind::array) {
      done(false, std::move(messages));
      return;
    }
    for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
      std::uint64_t id = 0;
      if (parse_id(reply.elements[i + 1].text, id)) {
        messages.emplace_back(id, make_payload(reply.elements[i].text));
      }
    }
    if (newest) {
      std::reverse(messages.begin(), messages.end());
    }
    done(true, std::move(messages));
  });
}

void redis_chat_room::send_to_locked(member& m, const stored& message) {
  const auto conn = m.conn.lock();
  if (!conn || message.first <= m.last_sent) {
    return;  // it has this one (replayed, or from before its since)
  }
  conn->send(message.second, true);
  m.last_sent = message.first;
  while (!m.acks.empty() && m.acks.begin()->first <= m.last_sent) {
    conn->send(m.acks.begin()->second, true);
    m.acks.erase(m.acks.begin());
  }
}

void redis_chat_room::deliver_locked(const stored& message) {
  delivered_ = message.first;
  recent_.push_back(message);
  if (recent_.size() > replay_max_) {
    recent_.pop_front();
  }
  for (auto& [id, m] : members_) {
    if (m.live) {
      send_to_locked(m, message);
    }
  }
}

// Delivers what is next in id order; a gap is read from the history, once at a time.
void redis_chat_room::pump_locked() {
  if (!synced_) {
    return;  // where delivery resumes is not known yet (on_redis_up)
  }
  while (!ahead_.empty()) {
    const auto first = ahead_.begin();
    if (first->first == delivered_ + 1) {
      deliver_locked(*first);
    } else if (first->first > delivered_) {
      break;
    }
    ahead_.erase(first);
  }
  if (fetching_ || known_ <= delivered_ ||
      (!ahead_.empty() && ahead_.begin()->first == delivered_ + 1)) {
    return;
  }
  fetching_ = true;
  read_history(delivered_, replay_max_, false, [this](bool ok, std::vector<stored> missing) {
    const std::lock_guard lock(mutex_);
    fetching_ = false;
    if (!ok) {
      return;  // Redis went away: on_redis_up() starts over
    }
    if (!missing.empty() && missing.front().first > delivered_ + 1) {
      delivered_ = missing.front().first - 1;  // older ones were trimmed from the history
    }
    for (auto& message : missing) {
      ahead_.insert(std::move(message));
    }
    if (missing.empty() && !ahead_.empty()) {
      delivered_ = ahead_.begin()->first - 1;  // the gap was trimmed entirely
    }
    pump_locked();
  });
}

void redis_chat_room::publish_names_locked(bool always) {
  std::set<std::string> names;
  for (const auto& [id, m] : members_) {
    if (m.name && m.live && !m.conn.expired()) {
      names.insert(*m.name);
    }
  }
  std::vector<std::string> args{"EVAL",
                                std::string(names_script),
                                "1",
                                nodes_key_,
                                names_key_prefix_,
                                link_.node_id(),
                                std::to_string(names_ttl.count()),
                                presence_key_,
                                presence_channel_,
                                always ? "1" : "0"};
  args.insert(args.end(), names.begin(), names.end());
  link_.command(std::move(args), [](const redis_reply&) {});  // the next heartbeat retries
}

void redis_chat_room::on_redis_message(const std::string& channel, const std::string& payload) {
  const std::lock_guard lock(mutex_);
  if (channel == messages_channel_) {
    const auto space = payload.find(' ');
    std::uint64_t id = 0;
    if (space == std::string::npos || !parse_id(std::string_view(payload).substr(0, space), id)) {
      return;
    }
    known_ = std::max(known_, id);
    if (id > delivered_) {
      ahead_.emplace(id, make_payload(payload.substr(space + 1)));
    }
    pump_locked();
  } else if (channel == presence_channel_) {
    const auto json = nlohmann::json::parse(payload, nullptr, false);
    std::set<std::string> names;
    if (json.is_array()) {  // an empty Lua table is encoded as {}
      for (const auto& name : json) {
        if (name.is_string()) {
          names.insert(name.get<std::string>());
        }
      }
    }
    const auto presence = chat_presence({names.begin(), names.end()});
    for (const auto& [id, m] : members_) {
      const auto conn = m.conn.lock();
      if (conn && m.live) {
        conn->send(presence, true);
      }
    }
  }
}

void redis_chat_room::on_redis_up() {
  {
    const std::lock_guard lock(mutex_);
    synced_ = false;
  }
  link_.command({"GET", id_key_}, [this](const redis_reply& reply) {
    const std::lock_guard lock(mutex_);
    if (reply.is_error()) {
      return;  // lost again: the next on_redis_up() retries
    }
    std::uint64_t last = 0;
    (void)parse_id(reply.text, last);
    const bool reset = !ever_synced_ || last < delivered_;
    if (reset) {
      if (ever_synced_) {
        // Redis lost its data (no persistence?): ids start over, so what members have no
        // longer matches. They reconnect and join again.
        for (auto& [id, m] : members_) {
          if (const auto conn = m.conn.lock(); conn && m.name) {
            conn->close(1012, "chat history reset");
          }
        }
        ahead_.clear();
      }
      delivered_ = last;
      recent_.clear();
    }
    ever_synced_ = true;
    synced_ = true;
    known_ = reset ? last : std::max(known_, last);
    // A member that went live before this (joined as the link came up) catches up from the
    // history with what the node skipped.
    for (auto& [id, m] : members_) {
      if (m.live && m.last_sent < delivered_) {
        m.live = false;
        catch_up_locked(id, m);
      }
    }
    pump_locked();
    publish_names_locked(true);
  });
}

void redis_chat_room::on_redis_down(const std::string&) {}

void redis_chat_room::on_redis_tick() {
  const std::lock_guard lock(mutex_);
  publish_names_locked(false);
}

}  // namespace wsclient::demo
