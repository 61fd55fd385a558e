// The command line every client of the suite takes, whatever its language:
// MODE (recv | send) URL SIZE COUNT, plus --window BYTES for clients that must bound what they
// queue while sending.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <wsclient/url.hpp>

namespace bench {

struct client_args {
  std::string
      mode;  ///< "recv": read COUNT messages from the push server; "send": COUNT to the sink
  std::string url;
  wsclient::url target;  ///< url, parsed (ws:// only: the suite measures no TLS)
  std::size_t size = 0;
  std::uint64_t count = 0;
  std::size_t window = 0;  ///< at most this many bytes queued while sending; 0: no bound
  bool receiving() const { return mode == "recv"; }
};

/// Parses argv into args; app may carry options of its own. Returns the status main should
/// exit with after --help or a bad command line (the message is printed), nullopt to go on.
std::optional<int> parse_client_args(CLI::App& app, int argc, char** argv, client_args& args);

}  // namespace bench
