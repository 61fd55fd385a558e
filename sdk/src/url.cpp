#include "wsclient/url.hpp"

#include <algorithm>
#include <cctype>

#include "host_port.hpp"
#include "wsclient/error.hpp"

namespace wsclient {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// Bytes a request target may carry unescaped: no controls, spaces or non-ASCII.
bool valid_target_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != '#';
}

std::error_code fail(std::string* why, const char* text) {
  if (why != nullptr) {
    *why = text;
  }
  return errc::invalid_url;
}

}  // namespace

std::string url::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (secure ? 443 : 80)) {
    h += ":" + std::to_string(port);
  }
  return h;
}

std::string url::to_string() const {
  return (secure ? "wss://" : "ws://") + host_header() + target;
}

bool url::host_is_ip_literal() const {
  if (host.find(':') != std::string::npos) {
    return true;
  }
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.';
  });
}

std::error_code parse_url(std::string_view text, url& out, std::string* why) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return fail(why, "missing scheme: expected ws://host/... or wss://host/...");
  }
  url result;
  const auto scheme = text.substr(0, scheme_end);
  if (iequals(scheme, "wss")) {
    result.secure = true;
  } else if (!iequals(scheme, "ws")) {
    return fail(why, "scheme must be ws or wss");
  }
  auto rest = text.substr(scheme_end + 3);
  if (rest.find('#') != std::string_view::npos) {
    return fail(why, "WebSocket URLs cannot have a fragment (RFC 6455 section 3)");
  }
  const auto authority_end = rest.find_first_of("/?");
  auto authority = rest.substr(0, authority_end);
  const auto target =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return fail(why, "user information in the URL is not supported");
  }

  detail::host_port authority_parts;
  if (const char* bad = detail::parse_host_port(authority, authority_parts)) {
    return fail(why, bad);
  }
  result.host = std::move(authority_parts.host);
  result.port = authority_parts.port.value_or(result.secure ? 443 : 80);
  if (!std::all_of(target.begin(), target.end(), valid_target_char)) {
    return fail(why, "path contains spaces, control or non-ASCII characters (percent-encode them)");
  }
  // "ws://h?x" has an empty path: the request line still needs "/" (RFC 6455 section 3).
  if (target.empty() || target.front() == '?') {
    result.target = "/" + std::string(target);
  } else {
    result.target = std::string(target);
  }
  out = std::move(result);
  return {};
}

}  // namespace wsclient
