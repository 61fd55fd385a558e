#include "message_markers.hpp"

namespace wsclient::cli {

namespace {

constexpr std::string_view sent_marker = "> ";
constexpr std::string_view received_marker = "< ";
// ECMA-48: cursor up (CUU), carriage return, erase the whole line (EL 2): back onto the line
// the terminal echoed as it was typed, and blank it.
constexpr std::string_view erase_previous_line = "\x1b[A\r\x1b[2K";

}  // namespace

message_markers markers_for(bool stdout_is_terminal, bool same_terminal) {
  return {stdout_is_terminal, stdout_is_terminal && same_terminal};
}

std::string received_line(const message_markers& m, std::string_view text) {
  return m.shown ? std::string(received_marker) + std::string(text) : std::string(text);
}

std::string sent_line(const message_markers& m, std::string_view text, bool typed) {
  if (!m.shown) {
    return {};
  }
  auto line = typed && m.replaces_echo ? std::string(erase_previous_line) : std::string();
  return line + std::string(sent_marker) + std::string(text);
}

}  // namespace wsclient::cli
