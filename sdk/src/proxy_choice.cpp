#include "proxy_choice.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "host_port.hpp"
#include "ip_literal.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace {

env_setting read_variable(const std::function<const char*(const char*)>& getenv, std::string name) {
  for (int pass = 0; pass < 2; ++pass) {
    const char* value = getenv(name.c_str());
    if (value != nullptr && *value != '\0') {
      return {name, value};
    }
    std::transform(name.begin(), name.end(), name.begin(), [](char c) {
      return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
  }
  return {};
}

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// "192.168.0.0/16", "fd00::/8" (brackets allowed): covers the target when it is given as an IP
// address in the block, as curl 7.86 and later have it (a name is not resolved for this).
bool block_covers(std::string_view entry, std::size_t slash, const url& target) {
  auto network_text = entry.substr(0, slash);
  if (network_text.size() > 2 && network_text.front() == '[' && network_text.back() == ']') {
    network_text = network_text.substr(1, network_text.size() - 2);
  }
  const auto bits_text = entry.substr(slash + 1);
  unsigned bits = 0;
  const auto [stop, ec] =
      std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  if (bits_text.empty() || ec != std::errc() || stop != bits_text.data() + bits_text.size()) {
    return false;
  }
  const auto network = parse_ip_literal(network_text);
  const auto address = parse_ip_literal(target.host);
  return network && address && in_block(*address, *network, bits);
}

bool entry_matches(std::string_view entry, const url& target) {
  if (entry == "*") {
    return true;
  }
  if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
    return block_covers(entry, slash, target);
  }
  // "*.example.com" and ".example.com" both mean the domain and what is under it.
  if (entry.starts_with("*.")) {
    entry.remove_prefix(1);
  }
  if (entry.starts_with('.')) {
    entry.remove_prefix(1);
  }
  host_port pattern;
  // A bare IPv6 address ("::1") has colons that are not a port's.
  const bool bare_v6 = std::count(entry.begin(), entry.end(), ':') > 1 && entry.front() != '[';
  if (bare_v6) {
    pattern.host = std::string(entry);
    std::transform(pattern.host.begin(), pattern.host.end(), pattern.host.begin(), [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
  } else if (parse_host_port(entry, pattern) != nullptr) {
    return false;  // not a host: matches nothing (curl and Python skip such entries too)
  }
  if (pattern.port && *pattern.port != target.port) {
    return false;
  }
  const auto& host = target.host;
  if (host == pattern.host) {
    return true;
  }
  // A suffix at a label boundary: "example.com" covers "api.example.com", not "badexample.com".
  return !target.host_is_ip_literal() && host.size() > pattern.host.size() &&
         host.ends_with(pattern.host) && host[host.size() - pattern.host.size() - 1] == '.';
}

}  // namespace

proxy_environment read_proxy_environment(const std::function<const char*(const char*)>& getenv) {
  return {read_variable(getenv, "http_proxy"), read_variable(getenv, "https_proxy"),
          read_variable(getenv, "all_proxy"), read_variable(getenv, "no_proxy")};
}

bool bypasses_proxy(std::string_view no_proxy, const url& target) {
  while (!no_proxy.empty()) {
    const auto comma = no_proxy.find(',');
    const auto entry = trim(no_proxy.substr(0, comma));
    no_proxy = comma == std::string_view::npos ? std::string_view{} : no_proxy.substr(comma + 1);
    if (!entry.empty() && entry_matches(entry, target)) {
      return true;
    }
  }
  return false;
}

std::error_code choose_proxy(const client_options& options, const proxy_environment& env,
                             const url& target, std::optional<proxy_url>& out, std::string* why) {
  env_setting chosen;
  if (!options.proxy.empty()) {
    chosen = {"client_options::proxy", options.proxy};
  } else if (options.proxy_from_environment) {
    chosen = target.secure ? env.https_proxy : env.http_proxy;
    if (chosen.value.empty()) {
      chosen = env.all_proxy;
    }
    if (chosen.value.empty() || bypasses_proxy(env.no_proxy.value, target)) {
      out.reset();
      return {};
    }
  }
  if (chosen.value.empty()) {
    out.reset();
    return {};
  }
  proxy_url parsed;
  if (const char* bad = parse_proxy_url(chosen.value, parsed)) {
    if (why != nullptr) {
      *why = chosen.name + ": " + bad;  // not the value: it may hold a password
    }
    return errc::invalid_option;
  }
  out = std::move(parsed);
  return {};
}

}  // namespace wsclient::detail
