// A client of the demo server's /chat room (docs/protocol.md) that misses nothing and
// duplicates nothing across reconnects: the open hook joins with the last message id seen,
// each `say` is a tracked send acknowledged by the server's `ack`, and several server URLs
// are tried in turn (the per-attempt provider). The same code runs natively and in a browser.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <wsclient/client.hpp>

namespace chat {

/// One stored message of the room.
struct chat_message {
  std::int64_t id = 0;
  std::string from;
  std::string text;
  std::string client_msg_id;
  std::string ts;
};

/// @par Thread Safety  Call its members from one thread at a time; its handlers run on the
/// client's event context.
class chat_client {
 public:
  struct handlers {
    std::function<void(const chat_message&)> message;  ///< each message once, in id order
    std::function<void(const std::vector<std::string>&)> presence;
    std::function<void(std::int64_t oldest)> truncated;  ///< older history was skipped
    std::function<void(const std::string&)> error;       ///< the server's error messages
    std::function<void(const std::string& client_msg_id, std::int64_t id)> acknowledged;
  };

  /// urls: the servers of one room, tried in turn when an attempt fails.
  chat_client(std::string name, std::vector<std::string> urls, handlers h,
              wsclient::client_options options = {});

  std::error_code connect();
  /// Says text; its client_msg_id (returned) names it until the server acknowledges it.
  /// Empty when refused (see the client's error).
  std::string say(const std::string& text);
  std::error_code close() { return client_.close(); }

  std::int64_t last_id() const { return last_id_; }
  /// Says that were not acknowledged yet.
  std::size_t pending() const { return client_.stats().tracked_pending; }
  wsclient::client& get() { return client_; }

 private:
  void on_text(std::string_view text);
  void dispatch(const nlohmann::json& j);

  std::string name_;
  std::vector<std::string> urls_;
  handlers handlers_;
  wsclient::client client_;
  std::int64_t last_id_ = 0;  ///< the newest message delivered: the `since` of the next join
  std::uint64_t said_ = 0;
  std::string cid_prefix_;  ///< makes this client's ids unique among its name's clients
};

}  // namespace chat
