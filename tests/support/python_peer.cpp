#include "python_peer.hpp"

#include <array>
#include <chrono>
#include <utility>
#include <vector>

#ifndef WSCLIENT_TEST_PYTHON
#error \
    "WSCLIENT_TEST_PYTHON must name the Python that has python3-websockets (tests/CMakeLists.txt)"
#endif
#ifndef WSCLIENT_TEST_PEER_SCRIPT
#error "WSCLIENT_TEST_PEER_SCRIPT must be the path of tests/peers/ws_peer.py"
#endif

namespace wsclient::test {
namespace {

constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The peer's own timeout runs out first; this margin leaves it time to say so itself, which
// gives a better message than "peer did not answer".
constexpr std::chrono::milliseconds answer_margin{10'000};

double seconds(std::chrono::milliseconds ms) {
  return static_cast<double>(ms.count()) / 1000.0;
}

nlohmann::json merged(nlohmann::json command, const nlohmann::json& extra) {
  if (extra.is_object()) {
    for (const auto& [key, value] : extra.items()) {
      command[key] = value;
    }
  }
  return command;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += base64_alphabet[(n >> 18) & 63];
    out += base64_alphabet[(n >> 12) & 63];
    out += base64_alphabet[(n >> 6) & 63];
    out += base64_alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) {
      n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    }
    out += base64_alphabet[(n >> 18) & 63];
    out += base64_alphabet[(n >> 12) & 63];
    out += rest == 2 ? base64_alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  static const std::array<int, 256> table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    for (std::size_t i = 0; i < base64_alphabet.size(); ++i) {
      t[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<int>(i);
    }
    return t;
  }();
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      // '=' only at the end of the last group ("xx==" or "xxx=").
      if (c == '=' && last && k >= 2 && (k == 3 || text[i + 3] == '=')) {
        v[k] = 0;
        ++padding;
        continue;
      }
      v[k] = table[static_cast<unsigned char>(c)];
      if (v[k] < 0 || padding > 0) {
        return std::nullopt;
      }
    }
    const unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                       (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (padding < 2) {
      out += static_cast<char>((n >> 8) & 0xFF);
    }
    if (padding < 1) {
      out += static_cast<char>(n & 0xFF);
    }
  }
  return out;
}

python_peer::python_peer()
    : process_(std::vector<std::string>{WSCLIENT_TEST_PYTHON, WSCLIENT_TEST_PEER_SCRIPT}) {}

python_peer::~python_peer() {
  // EOF lets the peer close its connections with a close frame, so servers under test see a
  // clean 1000 rather than a reset; the peer bounds that to 2 s.
  process_.close_stdin();
  process_.wait_exit(std::chrono::milliseconds{4'000});
  // If it is still running, ~child_process kills it.
}

nlohmann::json python_peer::call(const json& command, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::uint64_t seq = next_seq_++;
  json numbered = command;
  numbered["seq"] = seq;
  // replace: a test passing invalid UTF-8 as text gets U+FFFD instead of an exception.
  const std::string line = numbered.dump(-1, ' ', false, json::error_handler_t::replace) + '\n';
  auto did_not_answer = [&](const std::string& detail) {
    return json{{"ok", false}, {"error", "peer did not answer"}, {"detail", detail}};
  };
  if (!process_.write(line, timeout)) {
    return did_not_answer("cannot write the command (peer exited or stopped reading)");
  }
  for (;;) {
    const auto left =
        std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    auto answer_line = process_.read_line(std::max(left, milliseconds{0}));
    if (!answer_line) {
      return did_not_answer(process_.stdout_eof() ? "peer exited" : "timeout");
    }
    json answer = json::parse(*answer_line, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
      return json{{"ok", false},
                  {"error", "peer answered with something not JSON"},
                  {"detail", *answer_line}};
    }
    if (const auto it = answer.find("seq"); it != answer.end()) {
      if (*it != seq) {
        continue;  // a late answer to an earlier call that timed out
      }
      answer.erase(it);
    }
    return answer;
  }
}

nlohmann::json python_peer::connect(const std::string& id, const std::string& url,
                                    const json& extra) {
  json command = merged(json{{"op", "connect"}, {"id", id}, {"url", url}}, extra);
  double timeout = 10.0;
  if (const auto it = command.find("timeout"); it != command.end() && it->is_number()) {
    timeout = it->get<double>();
  }
  return call(command, milliseconds{static_cast<long long>(timeout * 1000)} + answer_margin);
}

nlohmann::json python_peer::send_text(const std::string& id, std::string_view text) {
  return call(json{{"op", "send"}, {"id", id}, {"text", std::string(text)}});
}

nlohmann::json python_peer::send_binary(const std::string& id, std::string_view bytes) {
  return call(json{{"op", "send"}, {"id", id}, {"binary", base64_encode(bytes)}});
}

nlohmann::json python_peer::send_text_repeat(const std::string& id, std::string_view unit,
                                             std::size_t count) {
  return call(
      json{{"op", "send"}, {"id", id}, {"text_repeat", json::array({std::string(unit), count})}});
}

nlohmann::json python_peer::send_many(const std::string& id, std::size_t size, std::size_t count,
                                      milliseconds timeout) {
  return call(json{{"op", "send_many"},
                   {"id", id},
                   {"binary_size", size},
                   {"count", count},
                   {"timeout", seconds(timeout)}},
              timeout + answer_margin);
}

nlohmann::json python_peer::send_raw_frame(const std::string& id, int opcode,
                                           std::string_view payload, bool fin) {
  return call(json{{"op", "send_raw_frame"},
                   {"id", id},
                   {"opcode", opcode},
                   {"data", base64_encode(payload)},
                   {"fin", fin}});
}

nlohmann::json python_peer::recv(const std::string& id, milliseconds timeout, bool summary) {
  return call(json{{"op", "recv"}, {"id", id}, {"timeout", seconds(timeout)}, {"summary", summary}},
              timeout + answer_margin);
}

nlohmann::json python_peer::close(const std::string& id, int code, const std::string& reason) {
  return call(json{{"op", "close"}, {"id", id}, {"code", code}, {"reason", reason}});
}

nlohmann::json python_peer::wait_closed(const std::string& id, milliseconds timeout) {
  return call(json{{"op", "wait_closed"}, {"id", id}, {"timeout", seconds(timeout)}},
              timeout + answer_margin);
}

nlohmann::json python_peer::abort(const std::string& id) {
  return call(json{{"op", "abort"}, {"id", id}});
}

nlohmann::json python_peer::state(const std::string& id) {
  return call(json{{"op", "state"}, {"id", id}});
}

nlohmann::json python_peer::ping(const std::string& id, milliseconds timeout) {
  return call(json{{"op", "ping"}, {"id", id}, {"timeout", seconds(timeout)}},
              timeout + answer_margin);
}

nlohmann::json python_peer::http(const std::string& method, const std::string& url,
                                 const json& headers, const std::string& body, const json& extra) {
  json command = merged(
      json{{"op", "http"}, {"method", method}, {"url", url}, {"headers", headers}, {"body", body}},
      extra);
  double timeout = 5.0;
  if (const auto it = command.find("timeout"); it != command.end() && it->is_number()) {
    timeout = it->get<double>();
  }
  return call(command, milliseconds{static_cast<long long>(timeout * 1000)} + answer_margin);
}

nlohmann::json python_peer::raw(std::uint16_t port, std::string_view bytes, milliseconds timeout,
                                const json& extra) {
  return call(merged(json{{"op", "raw"},
                          {"host", "127.0.0.1"},
                          {"port", port},
                          {"data", base64_encode(bytes)},
                          {"timeout", seconds(timeout)}},
                     extra),
              timeout + answer_margin);
}

std::string python_peer::binary_data(const json& answer) {
  const auto it = answer.find("data");
  if (it == answer.end() || !it->is_string()) {
    return {};
  }
  return base64_decode(it->get_ref<const std::string&>()).value_or(std::string{});
}

}  // namespace wsclient::test
