// What a TLS handshake that did not complete means for the next attempt: a certificate that
// did not verify and a server with no TLS version or cipher suite in common with ours would fail
// the same way again (fatal by default); anything else, such as a handshake cut short, may not.
#pragma once

#include <openssl/ssl.h>

#include <boost/system/error_code.hpp>
#include <string>

#include "wsclient/error.hpp"

namespace wsclient::detail {

struct tls_failure {
  errc error = errc::tls_failed;
  std::string detail;  ///< what OpenSSL said
};

/// The failure of the handshake on ssl that ended with ec; verifying: the certificate was
/// checked (tls_options::insecure_skip_verify unset).
tls_failure classify_tls_failure(const SSL* ssl, const boost::system::error_code& ec,
                                 bool verifying);

}  // namespace wsclient::detail
