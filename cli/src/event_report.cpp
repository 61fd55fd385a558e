#include "event_report.hpp"

#include "wsclient/error.hpp"

namespace wsclient::cli {

namespace {

constexpr std::string_view program_prefix = "wsclient-cli: ";

}  // namespace

std::string code_and_reason(std::uint16_t code, std::string_view reason) {
  auto text = std::to_string(code);
  if (!reason.empty()) {
    text += ' ';
    text += reason;
  }
  return text;
}

std::string describe_failure(const failure& f, std::string_view error_detail) {
  // The error event's text already has the status and close code; it is preferred for its
  // transport detail, except for a rejected upgrade, where that detail is only the status
  // again ("...: HTTP 403 (HTTP 403)").
  if (!error_detail.empty() && f.http_status == 0) {
    return std::string(error_detail);
  }
  auto text = f.error ? f.error.message() : std::string("connection ended");
  if (f.http_status != 0) {
    text += " (HTTP " + std::to_string(f.http_status) + ")";
  }
  if (f.close_code != 0) {
    text += " (close " + code_and_reason(f.close_code, f.close_reason) + ")";
  }
  return text;
}

std::string opened_line(const open_info& info) {
  auto text = "connected to " + info.url;
  if (!info.subprotocol.empty()) {
    text += " (subprotocol " + info.subprotocol + ")";
  }
  return text;
}

std::string reconnecting_line(const reconnect_info& info, const close_info* closed,
                              std::string_view error_detail) {
  std::string text;
  if (closed != nullptr) {
    text = "connection closed (" + code_and_reason(closed->code, closed->reason) + ")";
  } else {
    text = "connection failed (" + describe_failure(info.cause, error_detail) + ")";
  }
  return text + ", reconnecting in " + std::to_string(info.delay.count()) + " ms (attempt " +
         std::to_string(info.attempt) + ")";
}

std::optional<outcome> outcome_of_close(const close_info& info) {
  if (info.will_reconnect) {
    return std::nullopt;
  }
  if (info.error == errc::closed_by_user) {
    return outcome{exit_status::ok,
                   "connection closed (" + code_and_reason(info.code, info.reason) + ")"};
  }
  if (info.error == errc::close_timeout) {
    // Our close got no answer: what was sent before it may not have been read.
    return outcome{exit_status::fatal, std::string(program_prefix) +
                                           "the server did not complete the closing handshake"};
  }
  return std::nullopt;  // gave up: the gave_up event that follows says why
}

outcome outcome_of_gave_up(const gave_up_info& info, std::string_view error_detail) {
  const auto& f = info.last_failure;
  // What was given to the client and never sent (a line of stdin, an --echo reply) is said,
  // not lost in silence.
  const auto unsent = info.unsent.empty()
                          ? std::string()
                          : "; " + std::to_string(info.unsent.size()) + " message(s) not sent";
  // The default classifier stops on 1000 (and --no-reconnect stops on anything): a server
  // that closes normally is done with us, which is a normal end for a command-line client.
  if (f.error == errc::closed_by_server && f.close_code == 1000) {
    return {exit_status::ok, "connection closed by the server (" +
                                 code_and_reason(1000, f.close_reason) + ")" + unsent};
  }
  return {exit_status::fatal, std::string(program_prefix) + "gave up after " +
                                  std::to_string(info.attempts) +
                                  " attempt(s): " + describe_failure(f, error_detail) + unsent};
}

}  // namespace wsclient::cli
