#include "redirect.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

}  // namespace

bool is_redirect_status(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::error_code resolve_redirect(const url& from, std::string_view location, url& out,
                                 std::string* why) {
  // A fragment means nothing to a WebSocket URL (RFC 6455 section 3): dropped, not refused.
  location = location.substr(0, location.find('#'));
  std::string absolute;
  if (const auto colon = location.find("://"); colon != std::string_view::npos) {
    const auto scheme = lowered(location.substr(0, colon));
    const auto rest = location.substr(colon);
    if (scheme == "http" || scheme == "ws") {
      absolute = "ws" + std::string(rest);
    } else if (scheme == "https" || scheme == "wss") {
      absolute = "wss" + std::string(rest);
    } else {
      absolute = std::string(location);  // parse_url says what is wrong
    }
  } else if (location.starts_with("//")) {
    absolute = (from.secure ? "wss:" : "ws:") + std::string(location);
  } else {
    const auto origin = (from.secure ? "wss://" : "ws://") + from.host_header();
    if (location.starts_with('/')) {
      absolute = origin + std::string(location);
    } else {
      // Relative: against the directory of from's path (its query dropped).
      const auto path = from.target.substr(0, from.target.find('?'));
      absolute = origin + path.substr(0, path.rfind('/') + 1) + std::string(location);
    }
  }
  std::string reason;
  if (const auto ec = parse_url(absolute, out, &reason)) {
    if (why != nullptr) {
      *why = "redirect to an invalid URL \"" + std::string(location) + "\": " + reason;
    }
    return ec;
  }
  return {};
}

}  // namespace wsclient::detail
