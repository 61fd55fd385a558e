// The default retry rules (see options.hpp for the list and its reasons).
#include "wsclient/error.hpp"
#include "wsclient/options.hpp"

namespace wsclient {

namespace {

bool retryable_close_code(std::uint16_t code) {
  switch (code) {
    case 1001:  // going away: server restart or page navigation
    case 1005:  // no status received
    case 1006:  // abnormal closure: the link died
    case 1011:  // internal error: a server bug may be transient
    case 1012:  // service restart
    case 1013:  // try again later
    case 1014:  // bad gateway
      return true;
    default:
      return false;  // 1000 normal, 1002/1003/1007-1010 protocol/policy, 3000-4999 application
  }
}

bool retryable_status(int status) {
  return status >= 500 || status == 408 || status == 429;
}

}  // namespace

retry_decision default_classifier(const failure& f) {
  retry_decision d;
  const auto& e = f.error;
  // What the next attempt would meet again: the application's decision, its configuration, a
  // server whose TLS or handshake cannot work with ours, a peer that breaks RFC 6455.
  if (e == errc::closed_by_user || e == errc::invalid_url || e == errc::tls_verification_failed ||
      e == errc::tls_incompatible || e == errc::handshake_failed || e == errc::unsupported ||
      e == errc::invalid_option || e == errc::message_too_big || e == errc::protocol_error ||
      e == errc::proxy_auth_failed || e == errc::proxy_protocol_error ||
      e == errc::insecure_redirect || e == errc::redirect_loop || e == errc::too_many_redirects) {
    return d;
  }
  // A proxy's answer to CONNECT counts as the server's answer to the upgrade would: a 502 or
  // 503 from the proxy (the target is down) passes, a 403 (not allowed) stays.
  if (e == errc::handshake_rejected || f.http_status != 0) {
    d.retry = retryable_status(f.http_status);
    d.min_delay = f.retry_after;
    return d;
  }
  if (e == errc::proxy_rejected) {
    return d;  // no status: a SOCKS5 ruleset or command refusal (RFC 1928 section 6)
  }
  if (f.close_code != 0 && e == errc::closed_by_server) {
    d.retry = retryable_close_code(f.close_code);
    return d;
  }
  // Network failures, timeouts, a lost link (1006): the next attempt may well work.
  d.retry = true;
  return d;
}

}  // namespace wsclient
