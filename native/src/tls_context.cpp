// The client's TLS context: TLS 1.2 or newer, the system's trust store plus any CA the
// application adds, an optional client certificate, peer verification unless the
// application explicitly opts out.
#include <openssl/ssl.h>

#include "beast_transport.hpp"

namespace wsclient::detail {

namespace ssl = boost::asio::ssl;

namespace {

/// Loads what tls asks for into ctx, in order, system_trust deciding about the system's store:
/// the first failure, described, or "" when everything loaded.
std::string load_tls_options(ssl::context& ctx, const tls_options& tls, bool system_trust) {
  std::string failure;
  // Each step runs when wanted and while every earlier one succeeded.
  const auto step = [&](bool wanted, const std::string& what, auto&& run) {
    if (!wanted || !failure.empty()) {
      return;
    }
    boost::system::error_code ec;
    run(ec);
    if (ec) {
      failure = what + ": " + ec.message();
    }
  };
  step(system_trust, "cannot load the system trust store",
       [&](auto& ec) { ctx.set_default_verify_paths(ec); });
  step(!tls.ca_file.empty(), "cannot load CA file " + tls.ca_file,
       [&](auto& ec) { ctx.load_verify_file(tls.ca_file, ec); });
  step(!tls.ca_pem.empty(), "cannot load the CA PEM text",
       [&](auto& ec) { ctx.add_certificate_authority(boost::asio::buffer(tls.ca_pem), ec); });
  const bool client_cert = !tls.client_cert_file.empty();
  step(client_cert, "cannot load client certificate " + tls.client_cert_file,
       [&](auto& ec) { ctx.use_certificate_chain_file(tls.client_cert_file, ec); });
  step(client_cert, "cannot load client key " + tls.client_key_file,
       [&](auto& ec) { ctx.use_private_key_file(tls.client_key_file, ssl::context::pem, ec); });
  step(true, "cannot set the verify mode", [&](auto& ec) {
    ctx.set_verify_mode(tls.insecure_skip_verify ? ssl::verify_none : ssl::verify_peer, ec);
  });
  return failure;
}

}  // namespace

ssl::context* native_context::tls_context(std::string& error) {
  if (tls_context_) {
    return tls_context_.get();
  }
  if (!tls_error_.empty()) {
    error = tls_error_;
    return nullptr;
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  // The first failure is kept: the same options would fail the same way on the next attempt.
  tls_error_ = load_tls_options(*ctx, tls, tls.use_system_trust);
  if (!tls_error_.empty()) {
    error = tls_error_;
    return nullptr;
  }
  tls_context_ = std::move(ctx);
  return tls_context_.get();
}

std::string check_tls_files(const tls_options& tls) {
  if (tls.ca_file.empty() && tls.ca_pem.empty() && tls.client_cert_file.empty()) {
    return {};
  }
  // The system's store is left out: it is the machine's, not the application's, and loading
  // it costs milliseconds; the first TLS attempt loads it and reports a failure to.
  ssl::context ctx(ssl::context::tls_client);
  return load_tls_options(ctx, tls, false);
}

}  // namespace wsclient::detail
