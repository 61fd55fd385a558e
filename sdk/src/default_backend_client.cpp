// The members of client that pick this build's backend (native/ or wasm/). Kept apart from
// client.cpp so that the core links without a backend (unit tests give it a fake one).
#include "backend.hpp"
#include "client_access.hpp"
#include "wsclient/client.hpp"

namespace wsclient {

client::client(client_options options) : client(options, detail::make_default_backend(options)) {}

capabilities client::capabilities() noexcept {
  return detail::default_capabilities();
}

std::error_code client::check_options(const client_options& options, std::string* why) {
  return detail::check_options(options, detail::default_capabilities(), why);
}

}  // namespace wsclient
