// The client's TLS context: TLS 1.2 or newer, the system's trust store plus any CA the
// application adds, an optional client certificate, peer verification unless the
// application explicitly opts out.
#include <openssl/ssl.h>

#include "beast_transport.hpp"

namespace wsclient::detail {

namespace ssl = boost::asio::ssl;

ssl::context* native_context::tls_context(std::string& error) {
  if (tls_context_) {
    return tls_context_.get();
  }
  if (!tls_error_.empty()) {
    error = tls_error_;
    return nullptr;
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  const auto failed = [&](const std::string& what) {
    tls_error_ = what + ": " + ec.message();
    error = tls_error_;
    return nullptr;
  };
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  if (tls.use_system_trust) {
    ctx->set_default_verify_paths(ec);
    if (ec) {
      return failed("cannot load the system trust store");
    }
  }
  if (!tls.ca_file.empty()) {
    ctx->load_verify_file(tls.ca_file, ec);
    if (ec) {
      return failed("cannot load CA file " + tls.ca_file);
    }
  }
  if (!tls.ca_pem.empty()) {
    ctx->add_certificate_authority(boost::asio::buffer(tls.ca_pem), ec);
    if (ec) {
      return failed("cannot load the CA PEM text");
    }
  }
  if (!tls.client_cert_file.empty()) {
    ctx->use_certificate_chain_file(tls.client_cert_file, ec);
    if (ec) {
      return failed("cannot load client certificate " + tls.client_cert_file);
    }
    ctx->use_private_key_file(tls.client_key_file, ssl::context::pem, ec);
    if (ec) {
      return failed("cannot load client key " + tls.client_key_file);
    }
  }
  ctx->set_verify_mode(tls.insecure_skip_verify ? ssl::verify_none : ssl::verify_peer, ec);
  if (ec) {
    return failed("cannot set the verify mode");
  }
  tls_context_ = std::move(ctx);
  return tls_context_.get();
}

}  // namespace wsclient::detail
