// Which proxy, if any, an attempt goes through: client_options::proxy, or the environment as
// curl and Python read it. The environment is read by the backend at connect() and handed in
// here, so that these rules stay free of I/O.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "proxy_url.hpp"
#include "wsclient/options.hpp"
#include "wsclient/url.hpp"

namespace wsclient::detail {

/// One setting and the variable it came from ("HTTPS_PROXY"), for messages.
struct env_setting {
  std::string name;
  std::string value;  ///< empty: unset (an empty variable counts as unset, as in curl)
};

/// The proxy variables of an environment.
struct proxy_environment {
  env_setting http_proxy, https_proxy, all_proxy, no_proxy;
};

/// Reads the variables through getenv (null: unset): each lower-case name first, then its
/// upper-case form, as curl and Python's urllib do.
proxy_environment read_proxy_environment(const std::function<const char*(const char*)>& getenv);

/// Whether no_proxy (a comma-separated list) exempts target: `*`; a host name that matches
/// the target's or is a suffix of it at a dot ("example.com" and ".example.com" both cover
/// "api.example.com"); an IP address (v6 with or without brackets) that equals the target's;
/// any of these with ":port", which then must equal the target's port; a CIDR block
/// ("10.0.0.0/8", "fd00::/8") that holds the target's address when the target is one (curl
/// 7.86 semantics: no lookup). Case-insensitive; blanks around entries are ignored.
bool bypasses_proxy(std::string_view no_proxy, const url& target);

/// The proxy for an attempt to target: options.proxy when set; else, with
/// options.proxy_from_environment, https_proxy (wss) or http_proxy (ws), then all_proxy,
/// unless no_proxy exempts the target; nullopt: connect directly. errc::invalid_option (and
/// why, naming the option or variable) when the chosen URL does not parse.
std::error_code choose_proxy(const client_options& options, const proxy_environment& env,
                             const url& target, std::optional<proxy_url>& out, std::string* why);

}  // namespace wsclient::detail
