#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <set>
#include <system_error>

namespace wsclient::demo {

namespace {

enum class flag_id {
  host,
  port,
  web_root,
  tls_cert,
  tls_key,
  time_interval,
  level,
  test_hooks,
  threads,
  max_message_bytes,
  max_send_queue_bytes,
  handshake_timeout,
  idle_timeout,
  no_compression,
};

struct flag_info {
  std::string_view name;
  flag_id id;
  std::string_view metavar;  ///< empty: the flag takes no value
};

constexpr flag_info kFlags[] = {
    {"--host", flag_id::host, "H"},
    {"--port", flag_id::port, "N"},
    {"--web-root", flag_id::web_root, "DIR"},
    {"--tls-cert", flag_id::tls_cert, "FILE"},
    {"--tls-key", flag_id::tls_key, "FILE"},
    {"--time-interval-ms", flag_id::time_interval, "N"},
    {"--log-level", flag_id::level, "LEVEL"},
    {"--test-hooks", flag_id::test_hooks, ""},
    {"--threads", flag_id::threads, "N"},
    {"--max-message-bytes", flag_id::max_message_bytes, "N"},
    {"--max-send-queue-bytes", flag_id::max_send_queue_bytes, "N"},
    {"--handshake-timeout-ms", flag_id::handshake_timeout, "N"},
    {"--idle-timeout-ms", flag_id::idle_timeout, "N"},
    {"--no-compression", flag_id::no_compression, ""},
};

// Timeouts end up added to clock readings; a day is far beyond any useful value and keeps
// now() + timeout clear of overflow.
constexpr std::uint64_t kMaxTimeoutMs = 24ULL * 60 * 60 * 1000;
constexpr std::uint64_t kMaxSize = std::numeric_limits<std::size_t>::max();

const flag_info* find_flag(std::string_view name) {
  for (const auto& flag : kFlags) {
    if (flag.name == name) {
      return &flag;
    }
  }
  return nullptr;
}

// Quotes a user-supplied value for an error message, which must stay on one line whatever the
// value contains.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? '?' : c;
  }
  out += '"';
  return out;
}

std::string expected_range(std::uint64_t min, std::uint64_t max) {
  if (max == kMaxSize || max == std::numeric_limits<std::uint64_t>::max()) {
    return "expected an integer of at least " + std::to_string(min);
  }
  return "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

/// Parses a decimal integer in [min, max]; returns an error message, empty on success.
std::string parse_number(std::string_view flag, std::string_view text, std::uint64_t min,
                         std::uint64_t max, std::uint64_t& out) {
  const auto range = expected_range(min, max);
  const auto prefix = std::string(flag) + ": " + quoted(text);
  if (!text.empty() && text.front() == '-') {
    return prefix + " is negative; " + range;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return prefix + " is out of range; " + range;
  }
  // from_chars stops at the first non-digit, so "80x" parses as 80 unless the end is checked.
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return prefix + " is not a number; " + range;
  }
  if (value < min || value > max) {
    return prefix + " is out of range; " + range;
  }
  out = value;
  return {};
}

std::string parse_duration(std::string_view flag, std::string_view text, std::uint64_t max,
                           std::chrono::milliseconds& out) {
  std::uint64_t value = 0;
  auto error = parse_number(flag, text, 1, max, value);
  if (error.empty()) {
    out = std::chrono::milliseconds{static_cast<std::chrono::milliseconds::rep>(value)};
  }
  return error;
}

std::string parse_size(std::string_view flag, std::string_view text, std::size_t& out) {
  std::uint64_t value = 0;
  auto error = parse_number(flag, text, 1, kMaxSize, value);
  if (error.empty()) {
    out = static_cast<std::size_t>(value);
  }
  return error;
}

std::string check_file(std::string_view flag, std::string_view text) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::path(text), ec)) {
    return std::string(flag) + ": " + quoted(text) + " is not an existing file";
  }
  return {};
}

/// Applies one flag's value to options; returns an error message, empty on success.
std::string apply(const flag_info& flag, std::string_view value, server_options& options) {
  std::uint64_t number = 0;
  std::string error;
  switch (flag.id) {
    case flag_id::host:
      options.host = value;
      break;
    case flag_id::port:
      error = parse_number(flag.name, value, 0, 65535, number);
      options.port = static_cast<std::uint16_t>(number);
      break;
    case flag_id::web_root: {
      std::error_code ec;
      if (!std::filesystem::is_directory(std::filesystem::path(value), ec)) {
        error = std::string(flag.name) + ": " + quoted(value) + " is not an existing directory";
      }
      options.web_root = value;
      break;
    }
    case flag_id::tls_cert:
      error = check_file(flag.name, value);
      options.tls_cert = value;
      break;
    case flag_id::tls_key:
      error = check_file(flag.name, value);
      options.tls_key = value;
      break;
    case flag_id::time_interval: {
      std::chrono::milliseconds interval{};
      error = parse_duration(flag.name, value, 3'600'000, interval);
      options.time_interval = interval;
      break;
    }
    case flag_id::level:
      if (const auto level = parse_log_level(value)) {
        options.level = *level;
      } else {
        error = std::string(flag.name) + ": " + quoted(value) +
                " is not one of trace, debug, info, warn, error, off";
      }
      break;
    case flag_id::test_hooks:
      options.test_hooks = true;
      break;
    case flag_id::threads:
      error = parse_number(flag.name, value, 1, 256, number);
      options.threads = static_cast<unsigned>(number);
      break;
    case flag_id::max_message_bytes:
      error = parse_size(flag.name, value, options.max_message_bytes);
      break;
    case flag_id::max_send_queue_bytes:
      error = parse_size(flag.name, value, options.max_send_queue_bytes);
      break;
    case flag_id::handshake_timeout:
      error = parse_duration(flag.name, value, kMaxTimeoutMs, options.handshake_timeout);
      break;
    case flag_id::idle_timeout:
      error = parse_duration(flag.name, value, kMaxTimeoutMs, options.idle_timeout);
      break;
    case flag_id::no_compression:
      options.compression = false;
      break;
  }
  return error;
}

parse_result failure(std::string message) {
  parse_result result;
  result.error = std::move(message);
  return result;
}

}  // namespace

parse_result parse_command_line(std::span<const std::string_view> args) {
  server_options options;
  std::set<flag_id> seen;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parse_result result;
      result.help = true;
      return result;
    }
    if (arg.size() < 3 || !arg.starts_with("--")) {
      if (arg.starts_with("-") && arg.size() > 1) {
        return failure("unknown option " + quoted(arg) + " (see --help)");
      }
      return failure("unexpected argument " + quoted(arg) +
                     " (wsclient-demo-server takes only options; see --help)");
    }

    const auto eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    const flag_info* flag = find_flag(name);
    if (flag == nullptr) {
      return failure("unknown option " + quoted(name) + " (see --help)");
    }
    // A repeated flag is most likely a mistake in a script, and silently letting one of the two
    // win would hide it.
    if (!seen.insert(flag->id).second) {
      return failure(std::string(flag->name) + " is given more than once");
    }
    if (flag->metavar.empty()) {
      if (eq != std::string_view::npos) {
        return failure(std::string(flag->name) + " takes no value, but got " +
                       quoted(arg.substr(eq + 1)));
      }
      (void)apply(*flag, {}, options);
      continue;
    }

    std::string_view value;
    if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
      value = args[++i];
    } else {
      return failure(std::string(flag->name) + " needs a value (" + std::string(flag->name) + " " +
                     std::string(flag->metavar) + ")");
    }
    if (value.empty()) {
      return failure(std::string(flag->name) + " needs a non-empty value");
    }
    if (auto error = apply(*flag, value, options); !error.empty()) {
      return failure(std::move(error));
    }
  }

  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return failure(options.tls_cert.empty() ? "--tls-key needs --tls-cert as well"
                                            : "--tls-cert needs --tls-key as well");
  }
  parse_result result;
  result.options = std::move(options);
  return result;
}

std::string usage_text() {
  // Defaults come from server_options itself so that this text cannot drift from them.
  const server_options defaults;
  const auto on_off = [](bool on) { return on ? std::string("on") : std::string("off"); };
  std::string text =
      "Usage: wsclient-demo-server [options]\n"
      "\n"
      "Serves the demo WebSocket endpoints (/echo, /time, /counter), /healthz and static files\n"
      "on one port. Every option with a value accepts both --flag VALUE and --flag=VALUE.\n"
      "\n"
      "Options:\n";
  const auto flag_column = [](std::string_view flag) {
    std::string column = "  " + std::string(flag);
    column.resize(std::max<std::size_t>(column.size() + 1, 32), ' ');
    return column;
  };
  const auto add = [&](std::string_view flag, std::string_view help, const std::string& def) {
    text += flag_column(flag) + std::string(help) + " (default: " + def + ")\n";
  };
  add("--host H", "address to listen on", defaults.host);
  add("--port N", "TCP port, 0-65535; 0 picks a free port and prints it",
      std::to_string(defaults.port));
  add("--web-root DIR", "existing directory to serve static files from", "none, no static files");
  add("--tls-cert FILE", "PEM certificate chain; serve wss:// and https://", "none, plain TCP");
  add("--tls-key FILE", "PEM private key; required with --tls-cert", "none");
  add("--time-interval-ms N", "fixed interval of /time messages, 1-3600000",
      "random 0-3 s, as the seed");
  add("--log-level LEVEL", "trace, debug, info, warn, error or off",
      std::string(to_string(defaults.level)));
  add("--test-hooks", "enable the fault-injection test hooks", on_off(defaults.test_hooks));
  add("--threads N", "I/O threads, 1-256", "one per hardware thread");
  add("--max-message-bytes N", "largest incoming message, at least 1",
      std::to_string(defaults.max_message_bytes));
  add("--max-send-queue-bytes N", "unsent bytes per connection before it is closed, at least 1",
      std::to_string(defaults.max_send_queue_bytes));
  add("--handshake-timeout-ms N", "time allowed for the HTTP upgrade, 1-86400000",
      std::to_string(defaults.handshake_timeout.count()));
  add("--idle-timeout-ms N", "close a connection silent this long, 1-86400000",
      std::to_string(defaults.idle_timeout.count()));
  add("--no-compression", "do not offer permessage-deflate (RFC 7692)",
      "compression " + on_off(defaults.compression));
  text += flag_column("-h, --help") + "print this text and exit\n";
  text +=
      "\n"
      "Exit status: 0 after a clean shutdown (SIGINT/SIGTERM included), 2 when the command line\n"
      "is invalid.\n";
  return text;
}

}  // namespace wsclient::demo
