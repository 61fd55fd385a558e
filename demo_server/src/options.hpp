// Command line of wsclient-demo-server: parsing and usage text (no I/O).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "log.hpp"
#include "redis_address.hpp"
#include "wsclient/options.hpp"  // client_options: the client's defaults

namespace wsclient::demo {

/// Everything the demo server can be told on its command line, with the defaults it runs with.
struct server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0: the OS picks a free port (printed on stdout)
  std::string web_root;       ///< empty: no static files are served
  std::string tls_cert;       ///< PEM certificate chain; set together with tls_key
  std::string tls_key;        ///< PEM private key
  /// Fixed interval between /time messages; unset: random 0-3 s as in the seed.
  std::optional<std::chrono::milliseconds> time_interval;
  log_level level = log_level::info;
  bool test_hooks = false;
  unsigned threads = 0;  ///< 0: one per CPU of the affinity mask (usable_cpus.hpp)
  /// The client library's default (16 MiB): what one side of the project accepts, the other
  /// does too, and Autobahn's limits cases (9.x, up to 16 MiB) pass against the defaults.
  std::size_t max_message_bytes = client_options{}.max_message_bytes;
  std::size_t max_send_queue_bytes = std::size_t{16} << 20;
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  bool compression = true;  ///< offer permessage-deflate (RFC 7692)
  /// /chat: the message log (docs/protocol.md, "Durability"); relative to the working
  /// directory, as the seed's chat.log.
  std::string chat_log = "chat.log";
  std::size_t chat_replay_max = 1000;     ///< messages replayed to a join at most
  std::size_t chat_history_max = 10'000;  ///< messages kept; the log is compacted to them
  bool chat_fsync = true;                 ///< fdatasync() each message before its ack
  /// --redis: share /counter, the users count and /chat with every server on this Redis
  /// (docs/protocol.md, "Redis mode"); unset: everything in this process (the embedded default).
  std::optional<redis_address> redis;

  bool tls() const { return !tls_cert.empty(); }
};

/// What parse_command_line() found: options to run with, a request for help, or an error.
struct parse_result {
  std::optional<server_options> options;  ///< set when the command line is valid
  bool help = false;                      ///< --help was given
  std::string error;                      ///< set when the command line is invalid
};

/// Parses the arguments after argv[0]. Never throws; never exits.
parse_result parse_command_line(std::span<const std::string_view> args);

/// The --help text.
std::string usage_text();

}  // namespace wsclient::demo
