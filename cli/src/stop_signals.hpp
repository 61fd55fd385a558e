// SIGINT (Ctrl-C) and SIGTERM as a request to stop cleanly: the program closes the connection
// with 1000 and waits for the closing handshake (RFC 6455 section 7.1.2), as it does at the end
// of stdin, instead of dying with the TCP connection half-open.
#pragma once

#include <functional>
#include <string>

namespace wsclient::cli {

/// Blocks SIGINT and SIGTERM in this thread and every thread it starts afterwards (so call it
/// before starting any), and waits for them on a detached thread of its own: the first one
/// calls on_stop with its name ("SIGINT", "SIGTERM") on that thread; a second one ends the
/// process at once, as it would have without this (someone pressing Ctrl-C twice means it).
void watch_stop_signals(std::function<void(const std::string& signal_name)> on_stop);

}  // namespace wsclient::cli
