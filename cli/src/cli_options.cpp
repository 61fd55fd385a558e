#include "cli_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <limits>
#include <system_error>

#include "wsclient/url.hpp"

namespace wsclient::cli {

namespace {

// Durations are capped well below what would overflow a timer deadline (about 24 days), so
// that a typo like --timeout 99999999999999 is an error rather than an undefined wait.
constexpr std::uint64_t kMaxMilliseconds = std::numeric_limits<std::int32_t>::max();

/// text between quotes for an error message, control characters escaped: the message
/// stays one line whatever was typed.
std::string quoted(std::string_view text) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out = "'";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += digits[u >> 4];
      out += digits[u & 0x0f];
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// A whole number in [min, max], or an error saying why not. Only plain decimal digits: "+5",
/// " 5", "5ms" and "0x10" are refused rather than half-read.
std::string parse_number(std::string_view name, std::string_view text, std::uint64_t min,
                         std::uint64_t max, std::uint64_t& out) {
  const auto bad = [&](std::string_view why) {
    return "invalid value " + quoted(text) + " for --" + std::string(name) + ": " +
           std::string(why);
  };
  if (!text.empty() && text.front() == '-') {
    return bad("must not be negative");
  }
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return bad("expected a whole number");
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) {
    return bad("must be at most " + std::to_string(max));
  }
  if (value < min) {
    return bad("must be at least " + std::to_string(min));
  }
  out = value;
  return {};
}

// RFC 9110 section 5.6.2: header names and subprotocols (RFC 6455 section 4.1) are tokens.
bool is_token(std::string_view s) {
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.find(c) != std::string_view::npos;
  });
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view blanks = " \t";
  const auto first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

std::string parse_header(std::string_view text, header& out) {
  const auto bad = [&](std::string_view why) {
    return "invalid value " + quoted(text) + " for --header: " + std::string(why);
  };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return bad("expected 'Name: value'");
  }
  const auto name = trim(text.substr(0, colon));
  const auto value = trim(text.substr(colon + 1));
  if (!is_token(name)) {
    return bad("the header name must be a non-empty token");
  }
  // CR or LF would let a value inject further headers into the upgrade request.
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return bad("the value must not contain CR, LF or NUL");
  }
  out = {std::string(name), std::string(value)};
  return {};
}

using setter = std::function<std::string(std::string_view name, std::string_view value, options&)>;

struct option_spec {
  std::string_view name;  // without the leading "--"
  bool takes_value;
  setter set;
};

setter duration(std::optional<milliseconds> options::*field, std::uint64_t min) {
  return [field, min](std::string_view name, std::string_view value, options& o) {
    std::uint64_t n = 0;
    auto error = parse_number(name, value, min, kMaxMilliseconds, n);
    if (error.empty()) {
      o.*field = milliseconds(static_cast<milliseconds::rep>(n));
    }
    return error;
  };
}

setter flag(bool options::*field, bool value) {
  return [field, value](std::string_view, std::string_view, options& o) {
    o.*field = value;
    return std::string();
  };
}

const std::array<option_spec, 17>& option_table() {
  static const std::array<option_spec, 17> table{{
      {"send", true,
       [](std::string_view, std::string_view v, options& o) {
         o.sends.emplace_back(v);
         return std::string();
       }},
      {"count", true,
       [](std::string_view name, std::string_view v, options& o) {
         std::uint64_t n = 0;
         auto error = parse_number(name, v, 1, std::numeric_limits<std::int64_t>::max(), n);
         if (error.empty()) {
           o.count = n;
         }
         return error;
       }},
      {"timeout", true, duration(&options::timeout, 1)},
      {"echo", false, flag(&options::echo, true)},
      {"no-reconnect", false, flag(&options::reconnect, false)},
      {"initial-delay", true, duration(&options::initial_delay, 0)},
      {"max-delay", true, duration(&options::max_delay, 0)},
      {"max-attempts", true,
       [](std::string_view name, std::string_view v, options& o) {
         std::uint64_t n = 0;
         auto error = parse_number(name, v, 0, std::numeric_limits<std::uint32_t>::max(), n);
         if (error.empty()) {
           o.max_attempts = static_cast<std::uint32_t>(n);
         }
         return error;
       }},
      {"ping-interval", true, duration(&options::ping_interval, 0)},
      {"ping-timeout", true, duration(&options::ping_timeout, 1)},
      {"ca", true,
       [](std::string_view, std::string_view v, options& o) {
         if (v.empty()) {
           return std::string("invalid value '' for --ca: expected a file name");
         }
         o.ca_file = v;
         return std::string();
       }},
      {"insecure", false, flag(&options::insecure, true)},
      {"header", true,
       [](std::string_view, std::string_view v, options& o) {
         header h;
         auto error = parse_header(v, h);
         if (error.empty()) {
           o.headers.push_back(std::move(h));
         }
         return error;
       }},
      {"subprotocol", true,
       [](std::string_view, std::string_view v, options& o) {
         if (!is_token(v)) {
           return "invalid value " + quoted(v) + " for --subprotocol: expected a token";
         }
         o.subprotocols.emplace_back(v);
         return std::string();
       }},
      {"no-compression", false, flag(&options::compression, false)},
      {"verbose", false, flag(&options::verbose, true)},
      {"help", false, flag(&options::help, true)},
  }};
  return table;
}

const option_spec* find_option(std::string_view name) {
  const auto& table = option_table();
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const option_spec& s) { return s.name == name; });
  return it == table.end() ? nullptr : &*it;
}

bool is_help(std::string_view arg) {
  return arg == "--help" || arg == "-h";
}

}  // namespace

parse_result parse_arguments(std::span<const std::string_view> args) {
  parse_result result;
  auto& o = result.opts;

  // --help wins over any other mistake on the line: someone asking for help gets it.
  const auto end_of_options = std::find(args.begin(), args.end(), std::string_view("--"));
  if (std::any_of(args.begin(), end_of_options, is_help)) {
    o.help = true;
    return result;
  }

  bool have_url = false;
  bool options_ended = false;
  const auto positional = [&](std::string_view arg) {
    if (have_url) {
      result.error = "unexpected argument " + quoted(arg) + " (only one URL is taken)";
      return;
    }
    have_url = true;
    o.url = arg;
  };

  for (std::size_t i = 0; i < args.size() && result.ok(); ++i) {
    const auto arg = args[i];
    if (options_ended || arg == "-" || !arg.starts_with("-")) {
      positional(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      result.error = "unknown option " + quoted(arg) + " (see --help)";
      break;
    }
    const auto body = arg.substr(2);
    const auto eq = body.find('=');
    const auto name = body.substr(0, eq);
    const auto* spec = find_option(name);
    if (spec == nullptr) {
      result.error = "unknown option " + quoted("--" + std::string(name)) + " (see --help)";
      break;
    }
    std::string_view value;
    if (eq != std::string_view::npos) {
      if (!spec->takes_value) {
        result.error = "option --" + std::string(name) + " takes no value";
        break;
      }
      value = body.substr(eq + 1);
    } else if (spec->takes_value) {
      // A following option is a forgotten value, not the value: "--count --echo" is an
      // error. A value that starts with "--" can still be given as --send=--text.
      if (i + 1 == args.size() || (args[i + 1].starts_with("--") && args[i + 1].size() > 2)) {
        result.error = "option --" + std::string(name) + " needs a value";
        break;
      }
      value = args[++i];
    }
    result.error = spec->set(name, value, o);
  }
  if (!result.ok()) {
    return result;
  }

  if (!have_url) {
    result.error = "missing URL (see --help)";
    return result;
  }
  url parsed;
  std::string why;
  if (parse_url(o.url, parsed, &why)) {
    result.error =
        "invalid URL " + quoted(o.url) + ": " + (why.empty() ? "not a WebSocket URL" : why);
    return result;
  }
  if (o.initial_delay && o.max_delay && *o.initial_delay > *o.max_delay) {
    result.error = "--initial-delay (" + std::to_string(o.initial_delay->count()) +
                   ") must not exceed --max-delay (" + std::to_string(o.max_delay->count()) + ")";
    return result;
  }
  return result;
}

parse_result parse_arguments(int argc, const char* const* argv) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) {
    args.emplace_back(argv[i]);
  }
  return parse_arguments(args);
}

std::string usage_text() {
  return R"(Usage: wsclient-cli [options] URL

Connects to a ws:// or wss:// URL, sends each line of stdin as a text message and prints
each message received on its own line (binary ones as <binary N bytes: HEX…>).
Connection events and errors go to stderr. The connection comes back by itself after a
failure, with growing delays, unless --no-reconnect.

Options (--opt VALUE and --opt=VALUE are the same):
  --send TEXT           send TEXT once connected, before stdin (repeatable, in order)
  --count N             exit 0 after N messages were received
  --timeout MS          exit 3 when not done within MS milliseconds
  --echo                send every received message back unchanged
  --no-reconnect        stop at the first failure instead of reconnecting
  --initial-delay MS    first reconnect delay (default 500)
  --max-delay MS        longest reconnect delay (default 30000)
  --max-attempts N      give up when N reconnect attempts in a row failed (default 0: never)
  --ping-interval MS    protocol ping period (default 20000; 0: no pings)
  --ping-timeout MS     reconnect when a ping gets no answer by then (default 10000)
  --ca FILE             also trust the CA certificate(s) in this PEM file
  --insecure            do not verify the server's certificate (development only)
  --header 'NAME: VALUE'  extra upgrade request header (repeatable)
  --subprotocol P       offer subprotocol P (repeatable, in preference order)
  --no-compression      do not offer permessage-deflate
  --verbose             print the client library's log on stderr
  --help, -h            print this help and exit

End of stdin closes the connection (code 1000) and exits once the replies have stopped
(250 ms without a message, at most 2 s), unless --count is still waiting for messages.

Exit status:
  0  --count reached, or the connection was closed normally (code 1000, or end of stdin)
  1  fatal error: rejected, TLS verification failed, reconnecting gave up...
  2  bad command line
  3  --timeout expired
)";
}

client_options make_client_options(const options& o) {
  client_options c;
  auto& r = c.reconnect;
  r.enabled = o.reconnect;
  // Setting one delay alone must not make the pair invalid against the other's default:
  // --max-delay 100 alone lowers the 500 ms default first delay to 100.
  if (o.initial_delay) {
    r.initial_delay = *o.initial_delay;
    r.max_delay = std::max(r.max_delay, r.initial_delay);
  }
  if (o.max_delay) {
    r.max_delay = *o.max_delay;
    r.initial_delay = std::min(r.initial_delay, r.max_delay);
  }
  if (o.max_attempts) {
    r.max_attempts = *o.max_attempts;
  }
  if (o.ping_interval) {
    c.liveness.ping_interval = *o.ping_interval;
  }
  if (o.ping_timeout) {
    c.liveness.pong_timeout = *o.ping_timeout;
  }
  c.tls.ca_file = o.ca_file;
  c.tls.insecure_skip_verify = o.insecure;
  c.headers = o.headers;
  c.subprotocols = o.subprotocols;
  c.compression.enabled = o.compression;
  c.min_log_level = o.verbose ? log_level::debug : log_level::info;
  return c;
}

}  // namespace wsclient::cli
