#include "proxy_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "host_port.hpp"
#include "percent_decoding.hpp"

namespace wsclient::detail {

namespace {

struct scheme_facts {
  std::string_view name;
  proxy_scheme scheme;
  std::uint16_t default_port;
};

// 1080 is SOCKS's registered port (IANA "socks"); HTTP proxies default as any http:// or
// https:// URL (curl too takes 443 for an https:// proxy).
constexpr std::array<scheme_facts, 4> schemes{{
    {"http", proxy_scheme::http, 80},
    {"https", proxy_scheme::https, 443},
    {"socks5", proxy_scheme::socks5, 1080},
    {"socks5h", proxy_scheme::socks5h, 1080},
}};

const scheme_facts* find_scheme(std::string_view name) {
  const auto* it = std::find_if(schemes.begin(), schemes.end(), [name](const scheme_facts& f) {
    return f.name.size() == name.size() &&
           std::equal(name.begin(), name.end(), f.name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
  return it == schemes.end() ? nullptr : &*it;
}

const scheme_facts& facts_of(proxy_scheme s) {
  return *std::find_if(schemes.begin(), schemes.end(),
                       [s](const scheme_facts& f) { return f.scheme == s; });
}

}  // namespace

std::string proxy_url::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(facts_of(scheme).name) + "://" + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

const char* parse_proxy_url(std::string_view text, proxy_url& out) {
  const scheme_facts* facts = &schemes.front();
  if (const auto end = text.find("://"); end != std::string_view::npos) {
    facts = find_scheme(text.substr(0, end));
    if (facts == nullptr) {
      return "proxy scheme must be http, https, socks5 or socks5h";
    }
    text.remove_prefix(end + 3);
  }
  // Only "/" may follow the authority: a proxy has no path, query or fragment.
  const auto authority_end = text.find_first_of("/?#");
  if (authority_end != std::string_view::npos && text.substr(authority_end) != "/") {
    return "a proxy URL has no path, query or fragment";
  }
  auto authority = text.substr(0, authority_end);
  proxy_url result;
  result.scheme = facts->scheme;
  // The last '@' ends the user information: an unescaped '@' in a password is common.
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const auto userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon));
    auto password = percent_decode(colon == std::string_view::npos ? std::string_view{}
                                                                   : userinfo.substr(colon + 1));
    if (!user || !password) {
      return "invalid percent-encoding in the proxy's user or password";
    }
    if (user->empty()) {
      return "proxy user information without a user name";
    }
    // RFC 1929 section 2: one byte of length each.
    if ((result.scheme == proxy_scheme::socks5 || result.scheme == proxy_scheme::socks5h) &&
        (user->size() > 255 || password->size() > 255)) {
      return "SOCKS5 user name and password are at most 255 bytes each";
    }
    result.user = std::move(*user);
    result.password = std::move(*password);
    authority.remove_prefix(at + 1);
  }
  host_port parts;
  if (const char* bad = parse_host_port(authority, parts)) {
    return bad;
  }
  result.host = std::move(parts.host);
  result.port = parts.port.value_or(facts->default_port);
  out = std::move(result);
  return nullptr;
}

}  // namespace wsclient::detail
