// parse_url (sdk/include/wsclient/url.hpp) on any text. Oracle: the URL is accepted, or refused
// with errc::invalid_url and a reason; an accepted URL holds nothing that could break the
// request line or the Host header, and its normalised text parses back to the same URL.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "wsclient/error.hpp"
#include "wsclient/url.hpp"

namespace {

using wsclient::fuzz::check;

bool same(const wsclient::url& a, const wsclient::url& b) {
  return a.secure == b.secure && a.host == b.host && a.port == b.port && a.target == b.target;
}

// Nothing that ends or splits a request line or a header (RFC 9112 section 3).
bool safe_in_request_line(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  wsclient::url parsed;
  std::string why;
  if (const auto ec = wsclient::parse_url(text, parsed, &why)) {
    check(ec == wsclient::errc::invalid_url, "a refused URL is errc::invalid_url");
    check(!why.empty(), "a refused URL says why");
    return 0;
  }
  check(!parsed.host.empty(), "an accepted URL has a host");
  check(parsed.port != 0, "an accepted URL has a port");
  check(parsed.target.starts_with('/'), "the request target starts with /");
  check(safe_in_request_line(parsed.target), "the target cannot break the request line");
  check(safe_in_request_line(parsed.host_header()), "the host cannot break the Host header");
  wsclient::url again;
  check(!wsclient::parse_url(parsed.to_string(), again), "the normalised URL parses");
  check(same(parsed, again), "the normalised URL parses to the same URL");
  static_cast<void>(parsed.host_is_ip_literal());
  return 0;
}
