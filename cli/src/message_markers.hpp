// How messages look on stdout. On a terminal, as `python -m websockets` shows them: "> " before
// each line sent and "< " before each message received, so that a conversation can be read.
// Piped, the messages alone, one per line: scripts (and the conformance harness) read that.
#pragma once

#include <string>
#include <string_view>

namespace wsclient::cli {

struct message_markers {
  bool shown = false;  ///< stdout is a terminal
  /// stdin is that same terminal: it has already echoed the line typed, which the marked
  /// line then replaces (so that the line does not appear twice).
  bool replaces_echo = false;
};

/// The markers for where stdin and stdout go: same_terminal says both are one terminal.
message_markers markers_for(bool stdout_is_terminal, bool same_terminal);

/// What stdout shows for a message received (text already formatted, see format_binary()).
std::string received_line(const message_markers& m, std::string_view text);

/// What stdout shows for a line sent: empty when nothing is shown (no terminal); typed says
/// the line came from stdin (rather than --send), where the terminal echoed it.
std::string sent_line(const message_markers& m, std::string_view text, bool typed);

}  // namespace wsclient::cli
