#include "options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <limits>
#include <memory>

#include "error_text.hpp"
#include "help_formatter.hpp"
#include "parse_arguments.hpp"
#include "routes.hpp"
#include "typed_options.hpp"
#include "value_checks.hpp"

namespace wsclient::demo {

namespace {

// Timeouts end up added to clock readings; a day is far beyond any useful value and keeps
// now() + timeout clear of overflow.
constexpr std::uint64_t max_timeout_ms = 24ULL * 60 * 60 * 1000;
constexpr std::uint64_t max_time_interval_ms = 60ULL * 60 * 1000;
constexpr std::uint64_t max_threads = 256;
constexpr std::uint64_t unbounded = std::numeric_limits<std::size_t>::max();

// "trace, debug, info, warn, error, off": the names of log_level, which runs from trace to off.
std::string level_names() {
  std::string names;
  for (auto level = log_level::trace; level <= log_level::off;
       level = static_cast<log_level>(static_cast<int>(level) + 1)) {
    names += (names.empty() ? "" : ", ") + std::string(to_string(level));
  }
  return names;
}

CLI::Validator log_level_name() {
  return {[](std::string& text) -> std::string {
            if (parse_log_level(text)) {
              return {};
            }
            return command_line::quote(text) + " is not one of " + level_names();
          },
          "", "log level"};
}

CLI::Validator redis_url() {
  return {[](std::string& text) -> std::string {
            std::string error;
            if (parse_redis_url(text, error)) {
              return {};
            }
            return command_line::quote(text) + ": " + error;
          },
          "", "Redis URL"};
}

// The routes for --help: path, kind and what it does.
std::string route_list() {
  std::string text = "Routes (ws:// and http://; wss:// and https:// with --tls-cert):\n";
  for (const auto& r : routes()) {
    auto line = "  " + display_path(r);
    line.resize(std::max<std::size_t>(line.size() + 2, 40), ' ');
    line += r.kind == route_kind::websocket ? "WebSocket " : "HTTP " + std::string(r.methods);
    line.resize(std::max<std::size_t>(line.size() + 2, 56), ' ');
    text += line + std::string(r.description) + "\n";
  }
  return text;
}

// The command line, bound to options: parsing writes into it, and the values it holds now are
// the defaults --help shows.
std::unique_ptr<CLI::App> make_app(server_options& o) {
  using namespace command_line;
  auto app = std::make_unique<CLI::App>(
      "Serves the demo's WebSocket endpoints, a health check and static files on one port (the\n"
      "routes are listed below).",
      "wsclient-demo-server");
  app->formatter(std::make_shared<help_formatter>());
  app->set_help_flag("-h,--help", "print this text and exit");
  // Every option is given at most once: a repeated one is most likely a mistake in a script,
  // and letting one of the two win silently would hide it.
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::Throw);

  add_text(*app, "--host", o.host, "address to listen on")->option_text("H");
  add_integer(*app, "--port", o.port, 0, 65535, "TCP port (0 picks a free port and prints it)");
  add_text(*app, "--web-root", o.web_root, "existing directory to serve static files from")
      ->check(CLI::ExistingDirectory)
      ->option_text("DIR")
      ->default_str("none, no static files");
  auto* cert =
      add_text(*app, "--tls-cert", o.tls_cert, "PEM certificate chain; serve wss:// and https://")
          ->check(CLI::ExistingFile)
          ->option_text("FILE")
          ->default_str("none, plain TCP");
  auto* key = add_text(*app, "--tls-key", o.tls_key, "PEM private key; required with --tls-cert")
                  ->check(CLI::ExistingFile)
                  ->option_text("FILE");
  cert->needs(key);
  key->needs(cert);
  add_milliseconds(*app, "--time-interval-ms", o.time_interval, 1, max_time_interval_ms,
                   "fixed interval of /time messages")
      ->default_str("random 0-3 s, as the seed");
  app->add_option_function<std::string>(
         "--log-level", [&o](const std::string& name) { o.level = *parse_log_level(name); },
         level_names())
      ->check(log_level_name())
      ->option_text("LEVEL")
      ->default_str(std::string(to_string(o.level)));
  add_switch(
      *app, "--test-hooks", [&o] { o.test_hooks = true; }, "enable the fault-injection test hooks")
      ->default_str(on_off(o.test_hooks));
  add_integer(*app, "--threads", o.threads, 1, max_threads, "I/O threads")
      ->default_str("one per CPU of the affinity mask");
  add_integer(*app, "--max-message-bytes", o.max_message_bytes, 1, unbounded,
              "largest incoming message");
  add_integer(*app, "--max-send-queue-bytes", o.max_send_queue_bytes, 1, unbounded,
              "unsent bytes per connection before it is closed");
  add_milliseconds(*app, "--handshake-timeout-ms", o.handshake_timeout, 1, max_timeout_ms,
                   "time allowed for the HTTP upgrade");
  add_milliseconds(*app, "--idle-timeout-ms", o.idle_timeout, 1, max_timeout_ms,
                   "close a connection silent this long");
  add_switch(
      *app, "--no-compression", [&o] { o.compression = false; },
      "do not offer permessage-deflate (RFC 7692)")
      ->default_str("compression " + on_off(o.compression));
  add_text(*app, "--chat-log", o.chat_log, "/chat message log, one JSON message per line")
      ->option_text("FILE");
  add_integer(*app, "--chat-replay-max", o.chat_replay_max, 1, unbounded,
              "/chat messages replayed to a join at most");
  add_integer(*app, "--chat-history-max", o.chat_history_max, 1, unbounded,
              "/chat messages kept; the log is compacted to them at twice as many");
  add_switch(
      *app, "--chat-no-fsync", [&o] { o.chat_fsync = false; },
      "ack /chat messages once written, without fdatasync: they survive a crash of the\n"
      "server, not a power loss")
      ->default_str("fsync " + on_off(o.chat_fsync));
  app->add_option_function<std::string>(
         "--redis",
         [&o](const std::string& url) {
           std::string ignored;
           o.redis = parse_redis_url(url, ignored);
         },
         "share /counter, its users count and /chat with the other servers on this Redis\n"
         "(redis://HOST:PORT or unix:///PATH); /chat then ignores the --chat-* log options")
      ->check(redis_url())
      ->option_text("URL")
      ->default_str("none, state in this process");
  app->footer(
      route_list() + "\n" +
      exit_status_text({{0, "clean shutdown (SIGINT/SIGTERM included)"},
                        {2,
                         "bad command line, the port cannot be listened on, or the chat log\n"
                         "cannot be read or created"}}));
  return app;
}

}  // namespace

parse_result parse_command_line(std::span<const std::string_view> args) {
  server_options options;
  const auto app = make_app(options);
  auto outcome = command_line::parse_arguments(*app, args);
  parse_result result;
  result.help = outcome.help;
  result.error = std::move(outcome.error);
  if (!result.help && result.error.empty()) {
    result.options = std::move(options);
  }
  return result;
}

std::string usage_text() {
  server_options defaults;
  return make_app(defaults)->help();
}

}  // namespace wsclient::demo
