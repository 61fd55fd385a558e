#include "cli_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <memory>
#include <system_error>

#include "linger.hpp"
#include "wsclient/url.hpp"

namespace wsclient::cli {

namespace {

// Durations are capped well below what would overflow a timer deadline (about 24 days), so
// that a typo like --timeout 99999999999999 is an error rather than an undefined wait.
constexpr std::uint64_t max_milliseconds = std::numeric_limits<std::int32_t>::max();

/// text between quotes for an error message, control characters escaped: the message
/// stays one line whatever was typed.
std::string in_quotes(std::string_view text) {
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

/// A whole number in [min, max], or CLI::ValidationError saying why not. Only plain decimal
/// digits: "+5", " 5", "5ms", "010" as octal and "0x10" are refused rather than half-read.
/// (CLI11 2.1 reads integers with strtoull(base 0), which takes all of those, and wraps
/// "-1" round to 2^64-1 for an unsigned target: that is why numbers are checked here.)
std::uint64_t whole_number(std::string_view name, std::string_view text, std::uint64_t min,
                           std::uint64_t max) {
  const auto bad = [&](std::string_view why) {
    return CLI::ValidationError("invalid value " + in_quotes(text) + " for " + std::string(name) +
                                ": " + std::string(why));
  };
  const auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.starts_with('-') && digits(text.substr(1))) {
    throw bad("must not be negative");
  }
  if (!digits(text)) {
    throw bad("expected a whole number");
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) {
    throw bad("must be at most " + std::to_string(max));
  }
  if (value < min) {
    throw bad("must be at least " + std::to_string(min));
  }
  return value;
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

header parse_header(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return CLI::ValidationError("invalid value " + in_quotes(text) +
                                " for --header: " + std::string(why));
  };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    throw bad("expected 'Name: value'");
  }
  const auto name = trim(text.substr(0, colon));
  const auto value = trim(text.substr(colon + 1));
  if (!is_token(name)) {
    throw bad("the header name must be a non-empty token");
  }
  // CR or LF would let a value inject further headers into the upgrade request.
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    throw bad("the value must not contain CR, LF or NUL");
  }
  return {std::string(name), std::string(value)};
}

std::string ms_text(milliseconds d) {
  return std::to_string(d.count());
}

/// Puts the description right under the usage line (CLI11 prints it above by default), and
/// shows the URL as what it is, required (it is checked after parsing, not by CLI11, so that
/// an unknown option is reported before a missing URL).
class formatter final : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App*) const override { return {}; }
  std::string make_option_usage(const CLI::Option* opt) const override {
    return make_option_name(opt, true);
  }
  std::string make_usage(const CLI::App* app, std::string name) const override {
    return CLI::Formatter::make_usage(app, std::move(name)) + "\n" + app->get_description() + "\n";
  }
};

/// The command line's grammar, writing into `o` as each option is parsed (in order, so that
/// the first bad value is the one reported). Also the source of the --help text: every
/// default it shows is read from client_options{}.
std::unique_ptr<CLI::App> make_app(options& o) {
  auto app = std::make_unique<CLI::App>(
      "Connects to a ws:// or wss:// URL, sends each line of stdin as a text message and "
      "prints\neach message received on its own line (binary ones as <binary N bytes: HEX…>).\n"
      "Connection events and errors go to stderr. The connection comes back by itself after a\n"
      "failure, with growing delays, unless --no-reconnect.",
      "wsclient-cli");
  app->formatter(std::make_shared<formatter>());
  app->get_formatter()->column_width(26);
  app->footer(
      "Options may also be given as --opt=VALUE.\n\n"
      "End of stdin closes the connection (code 1000) and exits once the replies have stopped\n"
      "(" +
      ms_text(linger_quiet) + " ms without a message, at most " + ms_text(linger_max) +
      " ms), unless --count is still waiting for messages.\n\n"
      "Exit status:\n"
      "  0  --count reached, or the connection was closed normally (code 1000, or end of stdin)\n"
      "  1  fatal error: rejected, TLS verification failed, reconnecting gave up...\n"
      "  2  bad command line\n"
      "  3  --timeout expired");
  // Unknown options are collected rather than thrown at once, so that parse_arguments()
  // names the first one in its own words.
  app->allow_extras();
  app->set_help_flag("-h,--help", "print this help and exit");
  app->add_option("URL", o.url, "ws:// or wss:// URL")->type_name("");

  const client_options defaults;
  const auto value = [&](const std::string& name, std::function<void(const std::string&)> set,
                         const std::string& type, const std::string& text) {
    app->add_option_function<std::string>(name, std::move(set), text)
        ->type_name(type)
        ->trigger_on_parse();
  };
  const auto number = [&](const std::string& name, std::uint64_t min, std::uint64_t max,
                          std::function<void(std::uint64_t)> set, const std::string& type,
                          const std::string& text) {
    value(
        name, [=](const std::string& v) { set(whole_number(name, v, min, max)); }, type, text);
  };
  const auto duration = [&](const std::string& name, std::optional<milliseconds>& field,
                            std::uint64_t min, const std::string& text) {
    number(
        name, min, max_milliseconds,
        [&field](std::uint64_t n) { field = milliseconds(static_cast<milliseconds::rep>(n)); },
        "MS", text);
  };

  value(
      "--send", [&o](const std::string& v) { o.sends.push_back(v); }, "TEXT",
      "send TEXT once connected, before stdin (repeatable, in order)");
  number(
      "--count", 1, std::numeric_limits<std::int64_t>::max(), [&o](auto n) { o.count = n; }, "N",
      "exit 0 after N messages were received");
  duration("--timeout", o.timeout, 1, "exit 3 when not done within MS milliseconds");
  app->add_flag("--echo", o.echo, "send every received message back unchanged");
  app->add_flag_callback(
      "--no-reconnect", [&o] { o.reconnect = false; },
      "stop at the first failure instead of reconnecting");
  duration("--initial-delay", o.initial_delay, 0,
           "first reconnect delay (default " + ms_text(defaults.reconnect.initial_delay) + ")");
  duration("--max-delay", o.max_delay, 0,
           "longest reconnect delay (default " + ms_text(defaults.reconnect.max_delay) + ")");
  number(
      "--max-attempts", 0, std::numeric_limits<std::uint32_t>::max(),
      [&o](auto n) { o.max_attempts = static_cast<std::uint32_t>(n); }, "N",
      "give up when N reconnect attempts in a row failed (default " +
          std::to_string(defaults.reconnect.max_attempts) + ": never)");
  duration("--ping-interval", o.ping_interval, 0,
           "protocol ping period (default " +
               ms_text(defaults.liveness.ping_interval.value_or(default_ping_interval)) +
               "; 0: no pings)");
  duration("--ping-timeout", o.ping_timeout, 1,
           "reconnect when a ping gets no answer by then (default " +
               ms_text(defaults.liveness.pong_timeout) + ")");
  value(
      "--ca",
      [&o](const std::string& v) {
        if (v.empty()) {
          throw CLI::ValidationError("invalid value '' for --ca: expected a file name");
        }
        o.ca_file = v;
      },
      "FILE", "also trust the CA certificate(s) in this PEM file");
  app->add_flag("--insecure", o.insecure,
                "do not verify the server's certificate (development only)");
  value(
      "--header", [&o](const std::string& v) { o.headers.push_back(parse_header(v)); },
      "'NAME: VALUE'", "extra upgrade request header (repeatable)");
  value(
      "--subprotocol",
      [&o](const std::string& v) {
        if (!is_token(v)) {
          throw CLI::ValidationError("invalid value " + in_quotes(v) +
                                     " for --subprotocol: expected a token");
        }
        o.subprotocols.push_back(v);
      },
      "P", "offer subprotocol P (repeatable, in preference order)");
  app->add_flag_callback(
      "--no-compression", [&o] { o.compression = false; }, "do not offer permessage-deflate");
  app->add_flag("--verbose", o.verbose, "print the client library's log on stderr");
  return app;
}

/// The arguments as CLI11 is to see them (in reverse order, as App::parse takes a vector),
/// or an error. Before "--", three rules of ours that CLI11 2.1 does not have:
/// - a flag takes no value: CLI11 reads `--echo=true` and `--verbose=` as the plain flag,
///   and nobody should expect `--insecure=false` to mean anything;
/// - a following option is a forgotten value, not the value: `--count --echo` is an error
///   (CLI11 would take "--echo" as the count); `--send=--echo` still sends "--echo";
/// - `--send=` has the empty value it was given (CLI11 would take the next argument).
std::string prepare(const CLI::App& app, std::span<const std::string_view> args,
                    std::vector<std::string>& out) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto arg = args[i];
    options_ended = options_ended || arg == "--";
    const auto eq = arg.find('=');
    const auto name = std::string(arg.substr(0, eq));
    const auto* opt =
        options_ended || !arg.starts_with("--") ? nullptr : app.get_option_no_throw(name);
    const bool is_flag = opt != nullptr && opt->get_expected_max() == 0;
    if (is_flag && eq != std::string_view::npos) {
      return "option " + name + " takes no value";
    }
    if (opt != nullptr && !is_flag && eq == std::string_view::npos &&
        (i + 1 == args.size() || (args[i + 1].starts_with("--") && args[i + 1].size() > 2))) {
      return "option " + name + " needs a value";
    }
    if (opt != nullptr && eq + 1 == arg.size()) {
      out.emplace_back(name);
      out.emplace_back();
    } else {
      out.emplace_back(arg);
    }
  }
  std::reverse(out.begin(), out.end());
  return {};
}

/// The first argument CLI11 could not place: an unknown option, or a second URL.
std::string leftover_error(const std::vector<std::string>& leftovers) {
  for (const auto& arg : leftovers) {
    if (arg == "--") {
      continue;  // CLI11 keeps the end-of-options mark among the leftovers
    }
    if (arg.size() > 1 && arg.front() == '-') {
      return "unknown option " + in_quotes(arg.substr(0, arg.find('='))) + " (see --help)";
    }
    return "unexpected argument " + in_quotes(arg) + " (only one URL is taken)";
  }
  return {};
}

}  // namespace

parse_result parse_arguments(std::span<const std::string_view> args) {
  parse_result result;
  auto& o = result.opts;
  const auto app = make_app(o);

  // --help wins over any other mistake on the line: someone asking for help gets it.
  const auto end_of_options = std::find(args.begin(), args.end(), std::string_view("--"));
  for (auto it = args.begin(); it != end_of_options; ++it) {
    if (*it == "--help" || *it == "-h") {
      o = options{};
      o.help = true;
      return result;
    }
  }
  std::vector<std::string> reversed;
  result.error = prepare(*app, args, reversed);
  if (!result.ok()) {
    return result;
  }
  try {
    app->parse(reversed);
  } catch (const CLI::CallForHelp&) {  // -h among grouped short flags
    o = options{};
    o.help = true;
    return result;
  } catch (const CLI::Error& e) {
    result.error = e.what();
    return result;
  }
  result.error = leftover_error(app->remaining(true));
  if (!result.ok()) {
    return result;
  }

  if (app->count("URL") == 0) {
    result.error = "missing URL (see --help)";
    return result;
  }
  url parsed;
  std::string why;
  if (parse_url(o.url, parsed, &why)) {
    result.error =
        "invalid URL " + in_quotes(o.url) + ": " + (why.empty() ? "not a WebSocket URL" : why);
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
  options unused;
  return make_app(unused)->help();
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
