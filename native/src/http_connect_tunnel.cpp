// HTTP CONNECT (RFC 9110 section 9.3.6): the request and its answer through Beast's HTTP
// serializer and parser.
#include <openssl/evp.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <string>
#include <utility>

#include "retry_after.hpp"
#include "tunnel_protocols.hpp"

namespace wsclient::detail {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr auto no_throw = net::as_tuple(net::use_awaitable);

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

template <class Link>
net::awaitable<tunnel_result> http_connect(Link& link, proxy_url proxy, url target) {
  // The request target of CONNECT is the authority form, host:port (RFC 9112 section 3.2.3).
  const auto authority =
      (target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host) + ":" +
      std::to_string(target.port);
  http::request<http::empty_body> request{http::verb::connect, authority, 11};
  request.set(http::field::host, authority);
  if (proxy.has_credentials()) {
    request.set(http::field::proxy_authorization,
                "Basic " + base64(proxy.user + ":" + proxy.password));
  }
  if (auto [ec, n] = co_await http::async_write(link, request, no_throw); ec) {
    co_return tunnel_failure(errc::connect_failed, ec.message());
  }
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  // A 2xx answer to CONNECT has no content: the tunnel starts after its header (section
  // 9.3.6), which the parser cannot tell from the status alone.
  parser.skip(true);
  if (auto [ec, n] = co_await http::async_read_header(link, buffer, parser, no_throw); ec) {
    const bool bad_answer =
        ec.category() == http::make_error_code(http::error::bad_version).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message;
    co_return tunnel_failure(bad_answer ? errc::proxy_protocol_error : errc::connect_failed,
                             ec.message());
  }
  const auto& answer = parser.get();
  const int status = answer.result_int();
  const auto phrase = std::string(answer.reason());
  // RFC 9110 section 15.5.8 says 407; some proxies (tinyproxy 1.11) answer 401, which to a
  // CONNECT can only come from the proxy too: the server was not reached.
  if (status == 407 || status == 401) {
    co_return tunnel_failure(
        errc::proxy_auth_failed,
        proxy.has_credentials()
            ? "the proxy refused the credentials: " + phrase
            : "the proxy wants credentials (user:password@ in the proxy URL): " + phrase,
        status);
  }
  if (status < 200 || status > 299) {
    auto r = tunnel_failure(errc::proxy_rejected, "CONNECT " + authority + ": " + phrase, status);
    if (const auto it = answer.find(http::field::retry_after); it != answer.end()) {
      r.why.retry_after =
          parse_retry_after(std::string_view(it->value().data(), it->value().size()),
                            std::chrono::system_clock::now());
    }
    co_return r;
  }
  // The client speaks first in the tunnel (TLS or the upgrade request): bytes already here
  // came from the proxy, and would be lost to the next layer.
  if (buffer.size() != 0) {
    co_return tunnel_failure(errc::proxy_protocol_error,
                             "the proxy sent data after its 2xx answer");
  }
  co_return tunnel_result{};
}

template net::awaitable<tunnel_result> http_connect(tcp::socket&, proxy_url, url);
template net::awaitable<tunnel_result> http_connect(beast::ssl_stream<tcp::socket>&, proxy_url,
                                                    url);
template net::awaitable<tunnel_result> http_connect(net::ssl::stream<tcp::socket>&, proxy_url, url);

}  // namespace wsclient::detail
