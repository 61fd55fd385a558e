#include "tls_failure.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <boost/asio/ssl/error.hpp>

namespace wsclient::detail {

namespace {

// OpenSSL's reasons for a handshake that no retry can complete: the client offers TLS 1.2 and
// up (tls_context.cpp), the server only older versions, or no cipher suite both accept.
constexpr std::array incompatible_reasons{
    SSL_R_UNSUPPORTED_PROTOCOL,               // the server chose a version below ours
    SSL_R_TLSV1_ALERT_PROTOCOL_VERSION,       // the server knows none of our versions
    SSL_R_NO_PROTOCOLS_AVAILABLE,             //
    SSL_R_VERSION_TOO_LOW,                    //
    SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE,      // the server found nothing it could accept
    SSL_R_TLSV1_ALERT_INSUFFICIENT_SECURITY,  // the server wants stronger ciphers
    SSL_R_NO_CIPHERS_AVAILABLE,               //
};

}  // namespace

tls_failure classify_tls_failure(const SSL* ssl, const boost::system::error_code& ec,
                                 bool verifying) {
  const long result = SSL_get_verify_result(ssl);
  if (verifying && result != X509_V_OK) {
    return {errc::tls_verification_failed, X509_verify_cert_error_string(result)};
  }
  if (ec.category() == boost::asio::error::get_ssl_category()) {
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (std::find(incompatible_reasons.begin(), incompatible_reasons.end(), reason) !=
        incompatible_reasons.end()) {
      return {errc::tls_incompatible, ec.message()};
    }
  }
  return {errc::tls_failed, ec.message()};
}

}  // namespace wsclient::detail
