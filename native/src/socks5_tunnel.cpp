// SOCKS5 (RFC 1928) with user/password authentication (RFC 1929). Written here: neither Asio
// nor Beast has a SOCKS client, and Debian packages none that works over an Asio socket.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tunnel_protocols.hpp"

namespace wsclient::detail {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr auto no_throw = net::as_tuple(net::use_awaitable);

// RFC 1928 section 3 and 4; RFC 1929 section 2.
constexpr std::uint8_t socks_version = 5;
constexpr std::uint8_t method_none = 0x00;
constexpr std::uint8_t method_password = 0x02;
constexpr std::uint8_t method_unacceptable = 0xFF;
constexpr std::uint8_t password_version = 1;
constexpr std::uint8_t command_connect = 1;
constexpr std::uint8_t address_ipv4 = 1;
constexpr std::uint8_t address_name = 3;
constexpr std::uint8_t address_ipv6 = 4;

/// What a reply code (RFC 1928 section 6) means for a retry: the network beyond the proxy may
/// come back; its rules and its abilities will not.
tunnel_result refused(std::uint8_t reply) {
  switch (reply) {
    case 1:
      return tunnel_failure(errc::connect_failed, "general failure");
    case 2:
      return tunnel_failure(errc::proxy_rejected, "connection not allowed by ruleset");
    case 3:
      return tunnel_failure(errc::connect_failed, "network unreachable");
    case 4:
      return tunnel_failure(errc::connect_failed, "host unreachable");
    case 5:
      return tunnel_failure(errc::connect_failed, "connection refused");
    case 6:
      return tunnel_failure(errc::connect_failed, "TTL expired");
    case 7:
      return tunnel_failure(errc::proxy_rejected, "command not supported");
    case 8:
      return tunnel_failure(errc::proxy_rejected, "address type not supported");
    default:
      return tunnel_failure(errc::proxy_protocol_error, "unknown reply " + std::to_string(reply));
  }
}

void append(std::vector<std::uint8_t>& out, const std::string& bytes) {
  out.push_back(static_cast<std::uint8_t>(bytes.size()));
  out.insert(out.end(), bytes.begin(), bytes.end());
}

/// The address part of the CONNECT request: the name, or the address the name resolves to.
net::awaitable<tunnel_result> destination(tcp::socket& socket, const proxy_url& proxy,
                                          const url& target, std::vector<std::uint8_t>& out) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(target.host, ec);
  if (ec && proxy.scheme == proxy_scheme::socks5h) {
    if (target.host.size() > 255) {
      co_return tunnel_failure(errc::invalid_url, "host name longer than 255 bytes");
    }
    out.push_back(address_name);
    append(out, target.host);
    co_return tunnel_result{};
  }
  if (ec) {
    tcp::resolver resolver(socket.get_executor());
    auto [resolve_ec, results] =
        co_await resolver.async_resolve(target.host, std::to_string(target.port), no_throw);
    if (resolve_ec || results.empty()) {
      co_return tunnel_failure(errc::resolve_failed, target.host + ": " + resolve_ec.message());
    }
    address = results.begin()->endpoint().address();
  }
  if (address.is_v4()) {
    out.push_back(address_ipv4);
    const auto bytes = address.to_v4().to_bytes();
    out.insert(out.end(), bytes.begin(), bytes.end());
  } else {
    out.push_back(address_ipv6);
    const auto bytes = address.to_v6().to_bytes();
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  co_return tunnel_result{};
}

}  // namespace

net::awaitable<tunnel_result> socks5_connect(tcp::socket& socket, proxy_url proxy, url target) {
  // Lost links at any step: retryable, as a failed TCP connect is.
  const auto lost = [](const boost::system::error_code& ec) {
    return tunnel_failure(errc::connect_failed, ec.message());
  };
  // Greeting: the methods we can do (section 3).
  std::vector<std::uint8_t> greeting{socks_version, 1, method_none};
  if (proxy.has_credentials()) {
    greeting = {socks_version, 2, method_none, method_password};
  }
  if (auto [ec, n] = co_await net::async_write(socket, net::buffer(greeting), no_throw); ec) {
    co_return lost(ec);
  }
  std::array<std::uint8_t, 2> choice{};
  if (auto [ec, n] = co_await net::async_read(socket, net::buffer(choice), no_throw); ec) {
    co_return lost(ec);
  }
  if (choice[0] != socks_version) {
    co_return tunnel_failure(errc::proxy_protocol_error, "not a SOCKS5 answer");
  }
  if (choice[1] == method_unacceptable) {
    co_return tunnel_failure(
        errc::proxy_auth_failed,
        proxy.has_credentials()
            ? "accepts none of our authentication methods"
            : "wants a user name and password (user:password@ in the proxy URL)");
  }
  if (choice[1] == method_password && proxy.has_credentials()) {
    // RFC 1929 section 2: version 1, then user and password, each with its length byte.
    std::vector<std::uint8_t> login{password_version};
    append(login, proxy.user);
    append(login, proxy.password);
    if (auto [ec, n] = co_await net::async_write(socket, net::buffer(login), no_throw); ec) {
      co_return lost(ec);
    }
    std::array<std::uint8_t, 2> verdict{};
    if (auto [ec, n] = co_await net::async_read(socket, net::buffer(verdict), no_throw); ec) {
      co_return lost(ec);
    }
    if (verdict[1] != 0) {
      co_return tunnel_failure(errc::proxy_auth_failed, "refused the user name and password");
    }
  } else if (choice[1] != method_none) {
    co_return tunnel_failure(errc::proxy_protocol_error, "chose a method we did not offer");
  }
  // CONNECT (section 4).
  std::vector<std::uint8_t> request{socks_version, command_connect, 0};
  if (auto bad = co_await destination(socket, proxy, target, request); bad.why.error) {
    co_return bad;
  }
  request.push_back(static_cast<std::uint8_t>(target.port >> 8));
  request.push_back(static_cast<std::uint8_t>(target.port & 0xFF));
  if (auto [ec, n] = co_await net::async_write(socket, net::buffer(request), no_throw); ec) {
    co_return lost(ec);
  }
  // Reply (section 6): version, code, reserved, the bound address (its size by its type),
  // port. The tunnel starts after it.
  std::array<std::uint8_t, 5> head{};
  if (auto [ec, n] = co_await net::async_read(socket, net::buffer(head), no_throw); ec) {
    co_return lost(ec);
  }
  if (head[0] != socks_version) {
    co_return tunnel_failure(errc::proxy_protocol_error, "not a SOCKS5 reply");
  }
  if (head[1] != 0) {
    co_return refused(head[1]);
  }
  std::size_t rest = 0;  // after head's 5th byte, which is the first of the address
  switch (head[3]) {
    case address_ipv4:
      rest = 4 - 1 + 2;
      break;
    case address_ipv6:
      rest = 16 - 1 + 2;
      break;
    case address_name:
      rest = head[4] + std::size_t{2};
      break;
    default:
      co_return tunnel_failure(errc::proxy_protocol_error, "unknown address type in its reply");
  }
  std::vector<std::uint8_t> bound(rest);
  if (auto [ec, n] = co_await net::async_read(socket, net::buffer(bound), no_throw); ec) {
    co_return lost(ec);
  }
  co_return tunnel_result{};
}

}  // namespace wsclient::detail
