// The native transport's factory and the per-client state its connections share.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "transport.hpp"
#include "wsclient/options.hpp"

namespace wsclient::detail {

/// What every connection of one client shares: its strand and its TLS context.
/// @par Thread Safety  Used on the strand only.
struct native_context {
  native_context(boost::asio::any_io_executor s, tls_options t)
      : strand(std::move(s)), tls(std::move(t)) {}

  /// The client's TLS context, made on first use (loading the system store costs
  /// milliseconds: once per client, not per attempt). Null, with error set, when the
  /// options do not load (a missing CA file, a key that does not match its certificate).
  boost::asio::ssl::context* tls_context(std::string& error);

  boost::asio::any_io_executor strand;  ///< make_session_strand()
  tls_options tls;

 private:
  std::unique_ptr<boost::asio::ssl::context> tls_context_;
  std::string tls_error_;
};

/// Whether tls's own files and text load (the CA file or PEM text, the client certificate and
/// key), as native_context::tls_context() would load them, without the system's store: why
/// not, or "" when they do. Options that can never work are refused at connect()
/// (errc::invalid_option) rather than failing every attempt.
std::string check_tls_files(const tls_options& tls);

/// The transport for one attempt: plain TCP or TLS as request.target says.
std::shared_ptr<transport> make_beast_transport(native_context& ctx,
                                                std::weak_ptr<transport_events> events,
                                                std::uint64_t epoch,
                                                const connect_request& request);

}  // namespace wsclient::detail
