// What a target (native/ or wasm/) provides to the core: an event context and transports.
#pragma once

#include <functional>
#include <memory>

#include "proxy_choice.hpp"
#include "scheduler.hpp"
#include "transport.hpp"
#include "wsclient/events.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

struct backend {
  /// Called once by the client's destructor after the session has been told to stop: release
  /// the event context (natively: let the I/O thread finish). wait: the session drops
  /// everything at once, so the I/O thread is joined (unless the destructor runs on that very
  /// thread); false: a closing handshake goes on in the background (bounded by close_timeout),
  /// so the thread is left to end by itself. Declared first so that it is destroyed last: it
  /// may hold the event loop that `events` and the transports' strands belong to.
  std::function<void(bool wait)> release;
  std::shared_ptr<scheduler> events;
  transport_factory make_transport;
  capabilities caps;
  /// Checks, at each connect(), what of the options the target can only check with the
  /// machine (natively: that the TLS files load): why they cannot work, or "" (then the
  /// connection is attempted). Empty: nothing to check.
  std::function<std::string()> check_setup;
  /// Where the target knows whether the device is online (browsers: `online`/`offline`
  /// events): subscribes a callback, called on the event context; the callback returns
  /// false once its client is gone, and is then dropped. Empty natively.
  std::function<void(std::function<bool(bool online)>)> watch_network;
  /// Reads the proxy variables of the environment (natively; at each connect()). Empty where
  /// there is none to read (browsers).
  std::function<proxy_environment()> read_proxy_environment;
};

/// The backend of this build (native/ or wasm/ provides it).
backend make_default_backend(const client_options& options);

/// This build's capabilities, without making a backend.
capabilities default_capabilities() noexcept;

}  // namespace wsclient::detail
