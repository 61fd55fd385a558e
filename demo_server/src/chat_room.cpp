#include "chat_room.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <variant>

#include "chat_input.hpp"
#include "chat_replies.hpp"
#include "error_reply.hpp"
#include "time_format.hpp"

namespace wsclient::demo {

chat_room::chat_room(chat_store& store, std::size_t replay_max, clock_function now)
    : store_(store), replay_max_(replay_max), now_(std::move(now)) {}

void chat_room::open(const std::shared_ptr<connection>& conn) {
  if (!conn) {
    return;
  }
  const std::lock_guard lock(mutex_);
  members_.insert_or_assign(conn->id(), member{conn, std::nullopt});
}

void chat_room::leave(const connection& conn) {
  const std::lock_guard lock(mutex_);
  const auto it = members_.find(conn.id());
  if (it == members_.end()) {
    return;
  }
  const bool joined = it->second.name.has_value();
  members_.erase(it);
  if (joined) {
    broadcast_locked(chat_presence(users_locked()));
  }
}

std::string chat_room::handle(connection& sender, std::string_view data, bool is_text) {
  auto input = parse_chat_input(data, is_text);
  std::string error;
  if (auto* bad = std::get_if<chat_input_error>(&input)) {
    error = std::move(bad->message);
  } else {
    const std::lock_guard lock(mutex_);
    const auto it = members_.find(sender.id());
    if (it == members_.end()) {
      return {};  // not opened, or already gone: nobody to answer
    }
    if (auto* join = std::get_if<chat_join>(&input)) {
      error = join_locked(sender, it->second, std::move(join->name), join->since);
    } else {
      auto& say = std::get<chat_say>(input);
      error = say_locked(sender, it->second, std::move(say.text), std::move(say.client_msg_id));
    }
  }
  if (!error.empty()) {
    sender.send(error_reply(error), true);
  }
  return error;
}

std::string chat_room::join_locked(connection& sender, member& m, std::string name,
                                   std::uint64_t since) {
  if (m.name) {
    return chat_already_joined(*m.name);
  }
  const auto replay = store_.after(since, replay_max_);
  if (replay.truncated_oldest) {
    sender.send(chat_truncated(*replay.truncated_oldest), true);
  }
  for (const auto& message : replay.messages) {
    sender.send(make_payload(to_json_text(message)), true);
  }
  // From here it gets every message stored after the last one replayed: both happen under
  // the mutex that storing takes.
  m.name = std::move(name);
  broadcast_locked(chat_presence(users_locked()));
  return {};
}

std::string chat_room::say_locked(connection& sender, const member& m, std::string text,
                                  std::string client_msg_id) {
  if (!m.name) {
    return std::string(chat_join_first);
  }
  chat_message message;
  message.from = *m.name;
  message.text = std::move(text);
  message.client_msg_id = std::move(client_msg_id);
  message.ts = format_utc_milliseconds(now_());
  auto stored = store_.append(std::move(message));
  if (!stored.error.empty()) {
    return stored.error;
  }
  if (!stored.duplicate) {
    broadcast_locked(make_payload(to_json_text(stored.message)));
  }
  // After the message itself: a sender that sees the ack has seen its message too.
  sender.send(chat_ack(stored.message.client_msg_id, stored.message.id), true);
  return {};
}

void chat_room::broadcast_locked(const shared_payload& payload) {
  for (auto it = members_.begin(); it != members_.end();) {
    const auto conn = it->second.conn.lock();
    if (!conn) {
      it = members_.erase(it);  // ended without leave(): not a member any more
      continue;
    }
    if (it->second.name) {
      conn->send(payload, true);
    }
    ++it;
  }
}

std::vector<std::string> chat_room::users_locked() const {
  std::set<std::string> names;
  for (const auto& [id, m] : members_) {
    if (m.name && !m.conn.expired()) {
      names.insert(*m.name);
    }
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> chat_room::users() const {
  const std::lock_guard lock(mutex_);
  return users_locked();
}

}  // namespace wsclient::demo
