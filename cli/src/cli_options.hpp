// The command line of wsclient-cli, parsed into values with no I/O, so that every option and
// every way of getting one wrong is unit-tested without starting a process.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wsclient/options.hpp"

namespace wsclient::cli {

using std::chrono::milliseconds;

/// Everything the command line asked for. Optional values left empty keep the library's
/// defaults, so that the CLI never second-guesses them.
struct options {
  std::string url;                      ///< as given; already checked by wsclient::parse_url
  std::vector<std::string> sends;       ///< --send, in order
  std::optional<std::uint64_t> count;   ///< --count: exit 0 after this many messages
  std::optional<milliseconds> timeout;  ///< --timeout: exit 3 when not done by then
  bool echo = false;                    ///< --echo
  bool reconnect = true;                ///< --no-reconnect clears it
  std::optional<milliseconds> initial_delay;
  std::optional<milliseconds> max_delay;
  std::optional<std::uint32_t> max_attempts;
  std::optional<milliseconds> ping_interval;  ///< 0 disables pings
  std::optional<milliseconds> ping_timeout;
  std::string ca_file;  ///< --ca
  bool insecure = false;
  std::string proxy;      ///< --proxy URL; empty: the environment's, unless --no-proxy
  bool no_proxy = false;  ///< --no-proxy: ignore the proxy environment variables
  std::optional<std::uint32_t> max_redirects;  ///< --max-redirects
  std::vector<resolve_override> resolve;       ///< --resolve HOST:PORT:ADDR[,ADDR...], in order
  std::vector<header> headers;                 ///< --header 'Name: value', in order
  std::vector<std::string> subprotocols;
  bool compression = true;                       ///< --no-compression clears it
  std::optional<std::size_t> max_message_bytes;  ///< --max-message-bytes
  bool quiet = false;                            ///< --quiet: received messages are not printed
  bool verbose = false;
  bool help = false;    ///< --help (or -h): print usage, ignore everything else
  std::string version;  ///< --version: print this, ignore everything else
};

/// What parse_arguments() found: options, or one line saying what is wrong.
struct parse_result {
  options opts;
  std::string error;  ///< empty when the command line is valid
  bool ok() const { return error.empty(); }
};

/// Parses the arguments after the program name. Accepts `--flag VALUE` and `--flag=VALUE`;
/// `--` ends the options. Never throws for bad input and does no I/O but opening the files
/// named (--ca) to check that they can be read: a bad command line comes back as
/// parse_result::error (unknown option, missing or invalid value, unreadable file, missing or
/// invalid URL...). When --help appears anywhere before `--`, the result is help and no
/// error, whatever else is wrong; --version needs no URL either.
parse_result parse_arguments(std::span<const std::string_view> args);

/// Convenience for main(): argv[1..argc).
parse_result parse_arguments(int argc, const char* const* argv);

/// The --help text (several lines, ends with '\n').
std::string usage_text();

/// The client configuration the options describe. The log sink is left to the caller
/// (it does I/O); everything else the CLI controls is set here.
client_options make_client_options(const options& o);

}  // namespace wsclient::cli
