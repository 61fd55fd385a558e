#include "chat_client.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <utility>

namespace chat {

namespace {

wsclient::client_options with_failover(wsclient::client_options options,
                                       const std::vector<std::string>& urls) {
  // Attempt n goes to the next server in the list: a dead node is left after one failure.
  options.attempt_provider = [urls](std::uint32_t attempt) {
    wsclient::attempt_settings s;
    s.url = urls[(attempt - 1) % urls.size()];
    return s;
  };
  return options;
}

std::string random_prefix() {
  std::random_device rd;
  return std::to_string(std::uniform_int_distribution<std::uint64_t>{}(rd));
}

}  // namespace

chat_client::chat_client(std::string name, std::vector<std::string> urls, handlers h,
                         wsclient::client_options options)
    : name_(std::move(name)),
      urls_(std::move(urls)),
      handlers_(std::move(h)),
      client_(with_failover(std::move(options), urls_)),
      cid_prefix_(random_prefix()) {
  // First on every connection: the join that resumes after the last message delivered, so
  // the server replays exactly what was missed (then the unacknowledged says go again).
  client_.on_open_hook([this](wsclient::client& c) {
    c.send_text(nlohmann::json{{"type", "join"}, {"name", name_}, {"since", last_id_}}.dump());
  });
  client_.on_message([this](const wsclient::message_view& m) {
    if (m.kind == wsclient::message_kind::text) {
      on_text(m.data);
    }
  });
}

std::error_code chat_client::connect() {
  return client_.connect(urls_.front());
}

std::string chat_client::say(const std::string& text) {
  auto cid = cid_prefix_ + "-" + std::to_string(++said_);
  const auto payload =
      nlohmann::json{{"type", "say"}, {"text", text}, {"client_msg_id", cid}}.dump();
  if (!client_.send_tracked_text(cid, payload)) {
    return {};
  }
  return cid;
}

void chat_client::on_text(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
    return;  // not the room's protocol: ignored
  }
  try {
    dispatch(j);
  } catch (const nlohmann::json::exception&) {
    // A field of the wrong type: the message is not the room's protocol, ignored like one
    // without a type.
  }
}

void chat_client::dispatch(const nlohmann::json& j) {
  const auto type = j["type"].get<std::string>();
  if (type == "message") {
    chat_message m;
    m.id = j.value("id", std::int64_t{0});
    // A replay after a reconnect starts after last_id_; anything older was delivered.
    if (m.id <= last_id_) {
      return;
    }
    last_id_ = m.id;
    m.from = j.value("from", "");
    m.text = j.value("text", "");
    m.client_msg_id = j.value("client_msg_id", "");
    m.ts = j.value("ts", "");
    if (handlers_.message) {
      handlers_.message(m);
    }
  } else if (type == "ack") {
    const auto cid = j.value("client_msg_id", "");
    client_.acknowledge(cid);
    if (handlers_.acknowledged) {
      handlers_.acknowledged(cid, j.value("id", std::int64_t{0}));
    }
  } else if (type == "presence" && handlers_.presence) {
    handlers_.presence(j.value("users", std::vector<std::string>{}));
  } else if (type == "truncated" && handlers_.truncated) {
    handlers_.truncated(j.value("oldest", std::int64_t{0}));
  } else if (type == "error" && handlers_.error) {
    handlers_.error(j.value("message", ""));
  }
}

}  // namespace chat
