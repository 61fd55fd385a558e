// How long wsclient-cli waits for replies after the end of stdin (main.cpp acts on it, the
// --help text states it).
#pragma once

#include <chrono>

namespace wsclient::cli {

// After the end of stdin, the connection is closed once replies have stopped coming: a close
// discards whatever arrives after the close frame (as browsers do), so closing at once would
// lose the answers to the last lines (`echo hi | wsclient-cli URL` would print nothing).
// Like `nc -q`, the CLI lingers: until nothing has arrived for linger_quiet, at most
// linger_max after end of input (a server that never stops talking).
inline constexpr std::chrono::milliseconds linger_quiet{250};
inline constexpr std::chrono::milliseconds linger_max{2'000};

}  // namespace wsclient::cli
