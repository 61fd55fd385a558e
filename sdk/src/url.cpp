#include "wsclient/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

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

// RFC 3986 reg-name / IPv4 characters (percent-encoded host names are not supported).
bool valid_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

bool valid_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
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

  std::string_view host;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return fail(why, "unterminated IPv6 address");
    }
    host = authority.substr(1, close - 1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), valid_ipv6_char)) {
      return fail(why, "invalid IPv6 address");
    }
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return fail(why, "unexpected characters after the IPv6 address");
      }
      port_text = after.substr(1);
      if (port_text.empty()) {
        return fail(why, "empty port");
      }
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) {
        return fail(why, "empty port");
      }
    }
    if (!std::all_of(host.begin(), host.end(), valid_host_char)) {
      return fail(why, "invalid character in host name");
    }
  }
  if (host.empty()) {
    return fail(why, "missing host");
  }
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return fail(why, "port must be a number from 1 to 65535");
    }
    result.port = static_cast<std::uint16_t>(value);
  } else {
    result.port = result.secure ? 443 : 80;
  }
  if (!std::all_of(target.begin(), target.end(), valid_target_char)) {
    return fail(why, "path contains spaces, control or non-ASCII characters (percent-encode them)");
  }
  result.host.resize(host.size());
  std::transform(host.begin(), host.end(), result.host.begin(), lower);
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
