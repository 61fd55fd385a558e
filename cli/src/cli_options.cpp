#include "cli_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <memory>

#include "error_text.hpp"
#include "event_report.hpp"
#include "help_formatter.hpp"
#include "linger.hpp"
#include "parse_arguments.hpp"
#include "typed_options.hpp"
#include "value_checks.hpp"
#include "wsclient/client.hpp"
#include "wsclient/url.hpp"
#include "wsclient/version.hpp"

namespace wsclient::cli {

namespace {

namespace cl = command_line;

// Durations are capped well below what would overflow a timer deadline (about 24 days), so
// that a typo like --timeout 99999999999999 is an error rather than an undefined wait.
constexpr std::uint64_t max_milliseconds = std::numeric_limits<std::int32_t>::max();
constexpr std::uint64_t unbounded = std::numeric_limits<std::uint64_t>::max();

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

// text ("Name: value") as a header in out, or what is wrong with it.
std::string parse_header(std::string_view text, header& out) {
  const auto not_a_header = cl::quote(text) + " is not a header; ";
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return not_a_header + "expected \"Name: value\"";
  }
  const auto name = trim(text.substr(0, colon));
  const auto value = trim(text.substr(colon + 1));
  if (!is_token(name)) {
    return not_a_header + "the header name must be a non-empty token";
  }
  // CR or LF would let a value inject further headers into the upgrade request.
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return not_a_header + "the value must not contain CR, LF or NUL";
  }
  out = {std::string(name), std::string(value)};
  return {};
}

CLI::Validator header_value() {
  return {[](const std::string& text) {
            header unused;
            return parse_header(text, unused);
          },
          "", "header"};
}

CLI::Validator token_value() {
  return {[](const std::string& text) {
            return is_token(text) ? std::string() : cl::quote(text) + " is not a token";
          },
          "", "token"};
}

// A proxy URL as client_options::proxy takes it, checked by the library's own rules.
CLI::Validator proxy_value() {
  return {[](const std::string& text) {
            client_options o;
            o.proxy = text;
            std::string why;
            return client::check_options(o, &why) ? cl::quote(text) + ": " + why : std::string();
          },
          "", "proxy URL"};
}

// curl's --resolve value, HOST:PORT:ADDRESS[,ADDRESS...] (an IPv6 address with or without
// brackets), into out; the library's own rules then check it. What is wrong, or empty.
std::string parse_resolve(std::string_view text, resolve_override& out) {
  const auto not_resolve = cl::quote(text) + " is not HOST:PORT:ADDRESS[,ADDRESS...]";
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos || first == 0) {
    return not_resolve;
  }
  resolve_override entry;
  entry.host = text.substr(0, first);
  const auto port = text.substr(first + 1, second - first - 1);
  unsigned number = 0;
  const auto [stop, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc() || stop != port.data() + port.size() || number == 0 ||
      number > 65535) {
    return not_resolve + ": the port must be a number from 1 to 65535";
  }
  entry.port = static_cast<std::uint16_t>(number);
  auto addresses = text.substr(second + 1);
  while (true) {
    const auto comma = addresses.find(',');
    auto a = addresses.substr(0, comma);
    if (a.size() > 2 && a.front() == '[' && a.back() == ']') {
      a = a.substr(1, a.size() - 2);
    }
    entry.addresses.emplace_back(a);
    if (comma == std::string_view::npos) {
      break;
    }
    addresses.remove_prefix(comma + 1);
  }
  client_options o;
  o.resolve = {entry};
  if (std::string why; client::check_options(o, &why)) {
    return cl::quote(text) + ": " + why;
  }
  out = std::move(entry);
  return {};
}

CLI::Validator resolve_value() {
  return {[](const std::string& text) {
            resolve_override unused;
            return parse_resolve(text, unused);
          },
          "", "resolve entry"};
}

std::string ms_text(milliseconds d) {
  return std::to_string(d.count());
}

/// The command line's grammar, writing into `o`. Also the source of the --help text: every
/// default it shows is read from client_options{}.
std::unique_ptr<CLI::App> make_app(options& o) {
  auto app = std::make_unique<CLI::App>(
      "Connects to a ws:// or wss:// URL, sends each line of stdin as a text message and "
      "prints\neach message received on its own line (binary ones as <binary N bytes: HEX…>).\n"
      "Connection events and errors go to stderr. The connection comes back by itself after a\n"
      "failure, with growing delays, unless --no-reconnect.",
      "wsclient-cli");
  app->formatter(std::make_shared<cl::help_formatter>());
  app->set_help_flag("-h,--help", "print this text and exit");
  app->set_version_flag("--version", "wsclient-cli " + std::string(wsclient::version()),
                        "print the version and exit");
  // An option given twice counts the last time, as in most tools, so that a script can append
  // to a command line to override it (--send, --header and --subprotocol add up instead).
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app->footer(
      "End of stdin closes the connection (code 1000) and exits once the replies have stopped\n"
      "(" +
      ms_text(linger_quiet) + " ms without a message, at most " + ms_text(linger_max) +
      " ms), unless --count is still waiting for messages.\n\n" +
      cl::exit_status_text(
          {{exit_status::ok,
            "--count reached, or the connection was closed normally (code 1000, or end of stdin)"},
           {exit_status::fatal,
            "fatal error: rejected, TLS verification failed, reconnecting "
            "gave up..."},
           {exit_status::usage, "bad command line (a file that cannot be read included)"},
           {exit_status::timeout, "--timeout expired"}}));

  // What makes it a WebSocket URL is checked once parsing is done (check_together()).
  app->add_option("URL", o.url, "ws:// or wss:// URL")->required();

  const client_options defaults;
  const auto& reconnect = defaults.reconnect;
  cl::add_repeatable(
      *app, "--send", [&o](const std::string& text) { o.sends.push_back(text); },
      "send TEXT once connected, before stdin (repeatable, in order)");
  cl::add_integer(*app, "--count", o.count, 1, unbounded,
                  "exit " + std::to_string(exit_status::ok) + " after N messages were received")
      ->default_str("none, until closed");
  cl::add_milliseconds(
      *app, "--timeout", o.timeout, 1, max_milliseconds,
      "exit " + std::to_string(exit_status::timeout) + " when not done within MS milliseconds")
      ->default_str("none");
  cl::add_switch(
      *app, "--echo", [&o] { o.echo = true; }, "send every received message back unchanged")
      ->default_str(cl::on_off(o.echo));
  cl::add_switch(
      *app, "--no-reconnect", [&o] { o.reconnect = false; },
      "stop at the first failure instead of reconnecting")
      ->default_str("reconnect " + cl::on_off(reconnect.enabled));
  cl::add_milliseconds(*app, "--initial-delay", o.initial_delay, 0, max_milliseconds,
                       "first reconnect delay")
      ->default_str(ms_text(reconnect.initial_delay));
  cl::add_milliseconds(*app, "--max-delay", o.max_delay, 0, max_milliseconds,
                       "longest reconnect delay")
      ->default_str(ms_text(reconnect.max_delay));
  cl::add_integer(*app, "--max-attempts", o.max_attempts, 0,
                  std::numeric_limits<std::uint32_t>::max(),
                  "give up when N reconnect attempts in a row failed (0: never)")
      ->default_str(std::to_string(reconnect.max_attempts));
  cl::add_milliseconds(*app, "--ping-interval", o.ping_interval, 0, max_milliseconds,
                       "protocol ping period (0: no pings)")
      ->default_str(ms_text(defaults.liveness.ping_interval.value_or(default_ping_interval)));
  cl::add_milliseconds(*app, "--ping-timeout", o.ping_timeout, 1, max_milliseconds,
                       "reconnect when a ping gets no answer by then")
      ->default_str(ms_text(defaults.liveness.pong_timeout));
  cl::add_text(*app, "--ca", o.ca_file, "also trust the CA certificate(s) in this PEM file")
      ->check(cl::readable_file())
      ->option_text("FILE");
  cl::add_switch(
      *app, "--insecure", [&o] { o.insecure = true; },
      "do not verify the server's certificate (development only)")
      ->default_str(cl::on_off(defaults.tls.insecure_skip_verify));
  auto* proxy =
      cl::add_text(*app, "--proxy", o.proxy,
                   "connect through this proxy: http://[USER:PASSWORD@]HOST[:PORT] (CONNECT), "
                   "https:// (CONNECT over TLS), socks5:// or socks5h:// (name resolved by the "
                   "proxy)")
          ->check(proxy_value())
          ->default_str("https_proxy, http_proxy or all_proxy unless no_proxy lists the host")
          ->option_text("URL");
  cl::add_switch(
      *app, "--no-proxy", [&o] { o.no_proxy = true; },
      "connect directly, whatever the proxy environment variables say")
      ->default_str("proxy from the environment " + cl::on_off(defaults.proxy_from_environment))
      ->excludes(proxy);
  cl::add_integer(*app, "--max-redirects", o.max_redirects, 0,
                  std::numeric_limits<std::uint32_t>::max(),
                  "follow at most N redirects of the upgrade (0: none)")
      ->default_str(std::to_string(defaults.max_redirects));
  cl::add_repeatable(
      *app, "--resolve",
      [&o](const std::string& text) { parse_resolve(text, o.resolve.emplace_back()); },
      "connect to ADDRS (comma-separated IP addresses) for HOST:PORT instead of looking "
      "HOST up, as curl's --resolve (repeatable)")
      ->check(resolve_value())
      ->option_text("HOST:PORT:ADDRS");
  cl::add_repeatable(
      *app, "--header",
      [&o](const std::string& text) { parse_header(text, o.headers.emplace_back()); },
      "extra upgrade request header (repeatable)")
      ->check(header_value())
      ->option_text("'NAME: VALUE'");
  cl::add_repeatable(
      *app, "--subprotocol", [&o](const std::string& p) { o.subprotocols.push_back(p); },
      "offer subprotocol P (repeatable, in preference order)")
      ->check(token_value())
      ->option_text("P");
  cl::add_switch(
      *app, "--no-compression", [&o] { o.compression = false; },
      "do not offer permessage-deflate (RFC 7692)")
      ->default_str("compression " + cl::on_off(defaults.compression.enabled));
  cl::add_integer(*app, "--max-message-bytes", o.max_message_bytes, 1,
                  std::numeric_limits<std::size_t>::max(),
                  "fail the connection (close 1009) on a larger message received")
      ->default_str(std::to_string(defaults.max_message_bytes));
  cl::add_switch(
      *app, "--quiet", [&o] { o.quiet = true; },
      "do not print the messages received (events and errors still go to stderr)")
      ->default_str(cl::on_off(o.quiet));
  cl::add_switch(
      *app, "--verbose", [&o] { o.verbose = true; }, "print the client library's log on stderr")
      ->default_str(cl::on_off(o.verbose));
  return app;
}

// What is wrong with the values together, once each is valid; empty when nothing is.
std::string check_together(const options& o) {
  url parsed;
  std::string why;
  if (parse_url(o.url, parsed, &why)) {
    return "invalid URL " + cl::quote(o.url) + ": " + (why.empty() ? "not a WebSocket URL" : why);
  }
  if (o.initial_delay && o.max_delay && *o.initial_delay > *o.max_delay) {
    return "--initial-delay (" + ms_text(*o.initial_delay) + ") must not exceed --max-delay (" +
           ms_text(*o.max_delay) + ")";
  }
  return {};
}

}  // namespace

parse_result parse_arguments(std::span<const std::string_view> args) {
  parse_result result;
  const auto outcome = cl::parse_arguments(*make_app(result.opts), args, cl::help_rule::wins);
  if (outcome.help) {
    result.opts.help = true;  // nothing else was parsed
    return result;
  }
  if (!outcome.version.empty()) {
    result.opts.version = outcome.version;
    return result;
  }
  result.error = outcome.error.empty() ? check_together(result.opts) : outcome.error;
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
  c.proxy = o.proxy;
  c.proxy_from_environment = !o.no_proxy;
  if (o.max_redirects) {
    c.max_redirects = *o.max_redirects;
  }
  c.resolve = o.resolve;
  c.headers = o.headers;
  c.subprotocols = o.subprotocols;
  c.compression.enabled = o.compression;
  if (o.max_message_bytes) {
    c.max_message_bytes = *o.max_message_bytes;
  }
  c.min_log_level = o.verbose ? log_level::debug : log_level::info;
  return c;
}

}  // namespace wsclient::cli
