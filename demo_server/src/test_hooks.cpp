#include "test_hooks.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>

#include "close_rules.hpp"
#include "percent_decode.hpp"
#include "utf8.hpp"

namespace wsclient::demo {
namespace {

hook_response error(unsigned status, std::string_view message) {
  std::string body = R"({"error":")";
  for (char c : message) {
    if (c == '"' || c == '\\') {
      body += '\\';
    }
    body += c;
  }
  body += "\"}";
  return {status, std::move(body)};
}

// Reads an optional unsigned parameter in [min, max]; false when present but invalid.
bool read_number(const std::map<std::string, std::string>& query, const std::string& key,
                 unsigned min, unsigned max, unsigned& out) {
  const auto it = query.find(key);
  if (it == query.end()) {
    return true;
  }
  const auto& text = it->second;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  out = value;
  return true;
}

}  // namespace

hook_response test_hooks::handle(std::string_view method, std::string_view target) {
  const auto question = target.find('?');
  const auto name = target.substr(0, question).substr(test_hook_prefix.size());
  const auto query_text =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  if (std::find(test_hook_names.begin(), test_hook_names.end(), name) == test_hook_names.end()) {
    return error(404, "unknown test hook");
  }
  if (method != "POST") {
    return error(405, "test hooks take POST");
  }
  const auto query = parse_query(query_text);
  if (!query) {
    return error(400, "malformed query string");
  }

  if (name == "drop") {
    const auto conns = registry_.websockets();
    for (const auto& c : conns) {
      c->drop();
    }
    return {200, R"({"dropped":)" + std::to_string(conns.size()) + "}"};
  }

  if (name == "close") {
    unsigned code = 1012;  // "service restart": what a deploy would send
    if (!read_number(*query, "code", 0, 65535, code) || !detail::is_sendable_close_code(code)) {
      return error(400, "code must be a close code a server may send (RFC 6455 section 7.4)");
    }
    std::string reason;
    if (auto it = query->find("reason"); it != query->end()) {
      reason = it->second;
    }
    // RFC 6455 section 5.5: a control frame payload is at most 125 bytes, 2 of them the code.
    if (reason.size() > detail::max_close_reason_bytes) {
      return error(400, "reason must be at most 123 bytes");
    }
    // Section 5.5.1: the reason is UTF-8; a client fails the connection on anything else.
    if (!detail::is_valid_utf8(reason)) {
      return error(400, "reason must be UTF-8");
    }
    const auto conns = registry_.websockets();
    for (const auto& c : conns) {
      c->close(static_cast<std::uint16_t>(code), reason);
    }
    return {200, R"({"closed":)" + std::to_string(conns.size()) + "}"};
  }

  if (name == "reject") {
    unsigned count = 1;
    upgrade_rejection rejection;
    unsigned retry_after = 0;
    if (!read_number(*query, "count", 1, 1'000'000, count)) {
      return error(400, "count must be an integer from 1 to 1000000");
    }
    if (!read_number(*query, "status", 400, 599, rejection.status)) {
      return error(400, "status must be an HTTP error status from 400 to 599");
    }
    if (!read_number(*query, "retry_after", 0, 86'400, retry_after)) {
      return error(400, "retry_after must be a number of seconds from 0 to 86400");
    }
    if (query->contains("retry_after")) {
      rejection.retry_after_seconds = retry_after;
    }
    std::lock_guard lock(mutex_);
    reject_remaining_ = count;
    rejection_ = rejection;
    return {200, R"({"rejecting":)" + std::to_string(count) + "}"};
  }

  // stall
  unsigned ms = 0;
  if (!query->contains("ms") || !read_number(*query, "ms", 1, 600'000, ms)) {
    return error(400, "ms must be an integer from 1 to 600000");
  }
  stall_.stall_for(std::chrono::milliseconds(ms));
  return {200, R"({"stalled":)" + std::to_string(registry_.websockets().size()) + R"(,"ms":)" +
                   std::to_string(ms) + "}"};
}

std::optional<upgrade_rejection> test_hooks::take_rejection() {
  std::lock_guard lock(mutex_);
  if (reject_remaining_ == 0) {
    return std::nullopt;
  }
  --reject_remaining_;
  return rejection_;
}

}  // namespace wsclient::demo
