// What the client library's events mean for wsclient-cli: the line each one prints on stderr
// and, for the events that end the program, its exit status. Pure functions of the event
// values, so that every mapping is unit-tested without a network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wsclient/events.hpp"

namespace wsclient::cli {

/// The exit statuses of wsclient-cli (see usage_text()).
namespace exit_status {
inline constexpr int ok = 0;       ///< --count reached, or a normal close
inline constexpr int fatal = 1;    ///< rejected, TLS failure, gave up...
inline constexpr int usage = 2;    ///< bad command line
inline constexpr int timeout = 3;  ///< --timeout expired
}  // namespace exit_status

/// How the program ends: its exit status and the last line it prints on stderr (may be empty).
struct outcome {
  int status = exit_status::ok;
  std::string line;
  bool operator==(const outcome&) const = default;
};

/// "1000" or "1000 bye": a close code and its reason, as the stderr lines show them.
std::string code_and_reason(std::uint16_t code, std::string_view reason);

/// One line for a failure: "server rejected the WebSocket upgrade (HTTP 403)". error_detail is
/// what the error event said about the same failure (it has the transport's own words, such
/// as which certificate check failed); empty when there was none.
std::string describe_failure(const failure& f, std::string_view error_detail = {});

/// "connected to URL", with the subprotocol when the server chose one.
std::string opened_line(const open_info& info);

/// "connection closed (CODE REASON), reconnecting in N ms (attempt K)" after an open
/// connection ended (closed is its close event), or "connection failed (WHY), reconnecting in
/// N ms (attempt K)" after a failed attempt (error_detail as for describe_failure).
std::string reconnecting_line(const reconnect_info& info, const close_info* closed,
                              std::string_view error_detail);

/// The end of the program for a final close event (will_reconnect false): a close we asked
/// for ends with 0. nullopt when a gave_up event follows and decides instead.
std::optional<outcome> outcome_of_close(const close_info& info);

/// The end of the program when the client stops retrying: 0 when the server closed normally
/// (code 1000: it is done with us), else 1 with what failed last.
outcome outcome_of_gave_up(const gave_up_info& info, std::string_view error_detail);

}  // namespace wsclient::cli
