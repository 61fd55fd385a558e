// Builds a client over a given backend: how the unit tests run the real facade and session
// over a fake transport and a manual clock.
#pragma once

#include <memory>

#include "backend.hpp"
#include "wsclient/client.hpp"

namespace wsclient::detail {

class client_access {
 public:
  static std::unique_ptr<client> make(client_options options, backend be) {
    return std::unique_ptr<client>(new client(std::move(options), std::move(be)));
  }
};

/// The option checks of client::check_options(), against any capabilities.
std::error_code check_options(const client_options& options, const capabilities& caps,
                              std::string* why);

}  // namespace wsclient::detail
