// The demo server's connections to Redis (--redis): one for commands, one for pub/sub, kept up
// with reconnects, through hiredis (redis_asio.hpp).
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "log.hpp"
#include "redis_address.hpp"

namespace wsclient::demo {

/// A reply of Redis, copied out of hiredis's (which it frees after the callback).
struct redis_reply {
  enum class kind { nil, integer, text, error, array };
  kind type = kind::nil;
  long long integer = 0;
  std::string text;  ///< bulk and status strings, and the error's message
  std::vector<redis_reply> elements;

  bool is_error() const { return type == kind::error; }
};

/// What a client of /counter or /chat is told while Redis is away (docs/protocol.md).
inline constexpr std::string_view shared_state_unavailable =
    "the shared state (Redis) is unavailable; try again later";

using redis_reply_handler = std::function<void(const redis_reply&)>;

/// What a shared room hears from the link. Called on the link's strand, one at a time.
class redis_listener {
 public:
  virtual ~redis_listener() = default;
  /// Both connections are up and every channel is subscribed (again, after an outage).
  virtual void on_redis_up() = 0;
  /// Redis went away (or could not be reached at start); commands fail until on_redis_up().
  virtual void on_redis_down(const std::string& reason) = 0;
  /// A message published on one of the channels, in the order Redis published them.
  virtual void on_redis_message(const std::string& channel, const std::string& payload) = 0;
  /// Every heartbeat_interval while up.
  virtual void on_redis_tick() = 0;
};

/// @par Thread Safety  command(), up() and stop() from any thread; add_listener() and
/// start() before the io_context runs.
class redis_link {
 public:
  /// How often listeners refresh what they keep in keys with a time to live.
  static constexpr std::chrono::milliseconds heartbeat_interval{1'000};
  /// Reconnect delays: from the first, doubling up to the last.
  static constexpr std::chrono::milliseconds first_retry{100};
  static constexpr std::chrono::milliseconds max_retry{2'000};

  redis_link(boost::asio::io_context& io, redis_address address, logger& log);
  ~redis_link();
  redis_link(const redis_link&) = delete;
  redis_link& operator=(const redis_link&) = delete;

  /// listener hears the messages of channels (and every other channel's: it filters).
  void add_listener(redis_listener& listener, std::vector<std::string> channels);

  /// Connects; then reconnects whenever a connection is lost, until stop().
  void start();

  /// Closes both connections for good; pending commands get an error reply.
  void stop();

  /// Sends a command (its arguments, binary-safe); done gets Redis's reply, or an error reply
  /// when Redis is not reachable or the connection is lost first. done runs on the link's
  /// strand, never inside command().
  void command(std::vector<std::string> args, redis_reply_handler done);

  /// True while both connections are up and subscribed.
  bool up() const;

  /// This process's name in shared keys: random, unique per run.
  const std::string& node_id() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wsclient::demo
