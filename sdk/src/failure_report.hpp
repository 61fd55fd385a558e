// How the session reports a failure to the application: the close event and the log line.
// Built here only, so that every close event fills its fields by the same rules.
#pragma once

#include <optional>
#include <string>

#include "wsclient/events.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

/// A failure the session itself observed (a timeout, the application's close()).
failure failure_of(std::error_code error, std::uint16_t close_code = 0,
                   std::string close_reason = {});

/// The close event for a connection (or attempt) that ended because of `why`: the code of the
/// close frame received, or 1006 when none arrived (RFC 6455 section 7.1.5); `reconnect_after`
/// when a reconnect attempt follows.
close_info close_event(const failure& why, bool was_clean,
                       std::optional<milliseconds> reconnect_after = std::nullopt);

/// One line for logs and on_error: the error, what the network layer said, the HTTP status
/// and the close code and reason, when there are any.
std::string describe(const failure& why, const std::string& detail = {});

}  // namespace wsclient::detail
