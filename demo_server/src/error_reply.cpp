#include "error_reply.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace wsclient::demo {

shared_payload error_reply(const std::string& text) {
  // dump() of a lone string gives a quoted, escaped JSON string. The text is valid UTF-8 (the
  // parser checked the client's part), but dump() must never throw, so replace rather than fail.
  const auto quoted =
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return make_payload(R"({"type":"error","message":)" + quoted + "}");
}

// Client text is echoed in errors to help whoever debugs a client, but bounded so that an
// error reply is never larger than a few hundred bytes.
std::string quote_client_text(std::string_view text) {
  constexpr std::size_t max_quoted_bytes = 64;
  std::size_t cut = std::min(text.size(), max_quoted_bytes);
  // Never cut inside a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string out = "\"";
  out += text.substr(0, cut);
  out += cut < text.size() ? "...\"" : "\"";
  return out;
}

}  // namespace wsclient::demo
