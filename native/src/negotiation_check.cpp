#include "negotiation_check.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>

namespace wsclient::detail {

namespace {

namespace http = boost::beast::http;
using boost::beast::iequals;

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string_view unquoted(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

/// RFC 7692 section 7.1.2: a window size is 8 to 15, written as 1*DIGIT.
bool is_window_bits(std::string_view value) {
  value = unquoted(value);
  if (value.empty() || value.size() > 2 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const int bits = std::stoi(std::string(value));
  return bits >= 8 && bits <= 15;
}

/// Whether the offered extension `offered` has a parameter called name.
bool offers_parameter(const http::param_list& offered, std::string_view name) {
  return std::any_of(offered.begin(), offered.end(),
                     [&](const auto& p) { return iequals(p.first, name); });
}

/// What is wrong with the parameters the server answered permessage-deflate with (RFC 7692
/// section 7), given those offered; empty if nothing.
std::string check_deflate(const http::param_list& answered, const http::param_list& offered) {
  std::vector<std::string_view> seen;
  // Named references, not structured bindings: clang 14 (the fuzz preset) refuses lambdas
  // that capture a binding.
  for (const auto& param : answered) {
    const std::string_view name = param.first;
    const std::string_view value = param.second;
    const auto what = "permessage-deflate parameter " + quoted(name);
    if (std::any_of(seen.begin(), seen.end(), [&](auto s) { return iequals(s, name); })) {
      return what + " is repeated";
    }
    seen.push_back(name);
    if (iequals(name, "server_no_context_takeover") ||
        iequals(name, "client_no_context_takeover")) {
      if (!value.empty()) {
        return what + " takes no value";
      }
    } else if (iequals(name, "server_max_window_bits")) {
      if (!is_window_bits(value)) {
        return what + " must be from 8 to 15";
      }
    } else if (iequals(name, "client_max_window_bits")) {
      // Section 7.1.2.2: only when the client offered it, and then with a value.
      if (!offers_parameter(offered, name)) {
        return what + " was not offered";
      }
      if (!is_window_bits(value)) {
        return what + " must be from 8 to 15";
      }
    } else {
      return what + " is not one a server may send";
    }
  }
  return {};
}

}  // namespace

std::string check_negotiation(const negotiation_offer& offer, std::string_view protocol,
                              std::string_view extensions) {
  // RFC 6455 section 4.1, item 6: one of the subprotocols offered, or none.
  if (!protocol.empty() && std::find(offer.subprotocols.begin(), offer.subprotocols.end(),
                                     protocol) == offer.subprotocols.end()) {
    return "the server chose subprotocol " + quoted(protocol) + ", which was not offered";
  }
  // Item 5: only extensions the client offered, each once.
  const http::ext_list offered(offer.extensions);
  const http::ext_list answered(extensions);
  std::vector<std::string_view> seen;
  for (const auto& extension : answered) {
    const std::string_view name = extension.first;
    const auto& params = extension.second;
    const auto what = "the server chose extension " + quoted(name);
    const auto it = std::find_if(offered.begin(), offered.end(),
                                 [&](const auto& e) { return iequals(e.first, name); });
    if (it == offered.end()) {
      return what + ", which was not offered";
    }
    if (std::any_of(seen.begin(), seen.end(), [&](auto s) { return iequals(s, name); })) {
      return what + " twice";
    }
    seen.push_back(name);
    if (iequals(name, "permessage-deflate")) {
      if (auto why = check_deflate(params, it->second); !why.empty()) {
        return why;
      }
    }
  }
  if (seen.empty() && extensions.find_first_not_of(" \t,") != std::string_view::npos) {
    return "the server's Sec-WebSocket-Extensions " + quoted(extensions) + " cannot be read";
  }
  return {};
}

}  // namespace wsclient::detail
