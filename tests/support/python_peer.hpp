// The Python `websockets` peer (tests/peers/ws_peer.py) as a C++ object: a real third-party
// WebSocket client, plus plain HTTP and raw TCP, for integration tests of our server and client.
//
// Every method returns the peer's JSON answer; "ok" says whether the command succeeded and
// "error" why not. The protocol is documented in ws_peer.py. No call blocks longer than its
// timeout: when the peer does not answer in time the answer is
// {"ok": false, "error": "peer did not answer"}.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "child_process.hpp"

namespace wsclient::test {

/// Standard base64 (RFC 4648, with padding), for binary payloads in the peer's JSON.
std::string base64_encode(std::string_view bytes);
/// nullopt when text is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

/// True when a peer answer says the command succeeded.
inline bool ok(const nlohmann::json& answer) {
  return answer.value("ok", false);
}

/// An answer as text for a failure message, cut at 400 characters (answers can carry MiBs).
inline std::string brief(const nlohmann::json& answer) {
  auto text = answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 400) {
    text.resize(400);
    text += "...";
  }
  return text;
}

/// One ws_peer.py process; it holds any number of WebSocket connections, named by ids.
/// @par Thread Safety  Not thread-safe; use from one thread.
class python_peer {
 public:
  using json = nlohmann::json;
  using milliseconds = std::chrono::milliseconds;

  /// Starts WSCLIENT_TEST_PYTHON WSCLIENT_TEST_PEER_SCRIPT; throws std::runtime_error if it
  /// cannot be started.
  python_peer();
  /// Closes the peer's stdin, letting it close its connections cleanly (it gives up after
  /// 2 s), then kills it if it has not exited.
  ~python_peer();

  python_peer(const python_peer&) = delete;
  python_peer& operator=(const python_peer&) = delete;

  /// Sends one command and returns its answer (without the "seq" field call() adds to match
  /// answers to commands, so that a late answer to a timed-out call is never taken for the
  /// answer to a later one).
  json call(const json& command, milliseconds timeout = milliseconds{30'000});

  /// extra: more fields of the connect command ("ca", "max_queue", "compression",
  /// "subprotocols", "headers", "timeout", "ping_interval", "close_timeout", "insecure").
  json connect(const std::string& id, const std::string& url, const json& extra = json::object());
  json send_text(const std::string& id, std::string_view text);
  json send_binary(const std::string& id, std::string_view bytes);
  /// Sends the text unit repeated count times as one message, without a huge command line.
  json send_text_repeat(const std::string& id, std::string_view unit, std::size_t count);
  /// Sends count random binary messages of size bytes without reading; the answer has "sent".
  json send_many(const std::string& id, std::size_t size, std::size_t count,
                 milliseconds timeout = milliseconds{20'000});
  /// One frame written as given, masked, bypassing every check (e.g. invalid UTF-8 text).
  json send_raw_frame(const std::string& id, int opcode, std::string_view payload, bool fin = true);
  /// The next message: "type" is "text", "binary" (data in base64) or "closed" (with "code"
  /// and "reason"); "size" and "sha256" of the payload always; summary omits "data".
  json recv(const std::string& id, milliseconds timeout = milliseconds{5'000},
            bool summary = false);
  /// Closing handshake; the answer has the "code" and "reason" the server sent back.
  json close(const std::string& id, int code = 1000, const std::string& reason = "");
  /// Waits for the connection to close (for example when the server closes it).
  json wait_closed(const std::string& id, milliseconds timeout = milliseconds{5'000});
  /// Drops the TCP connection without a close frame.
  json abort(const std::string& id);
  /// {"open", "closed", "code", "reason"} of a connection, without waiting.
  json state(const std::string& id);
  /// "pong" is whether a pong came back within timeout.
  json ping(const std::string& id, milliseconds timeout = milliseconds{1'000});
  /// Plain HTTP(S) request; the path is sent verbatim. The answer has "status", "headers"
  /// (lower-case names), "body" (UTF-8, invalid bytes replaced) and "body_b64".
  json http(const std::string& method, const std::string& url, const json& headers = json::object(),
            const std::string& body = "", const json& extra = json::object());
  /// Sends bytes on a fresh TCP connection to 127.0.0.1:port and collects everything that
  /// comes back until EOF or timeout: "data" (base64), "text" (Latin-1), "eof".
  json raw(std::uint16_t port, std::string_view bytes, milliseconds timeout = milliseconds{3'000},
           const json& extra = json::object());

  /// The decoded bytes of a "binary" recv answer ("" if it has none).
  static std::string binary_data(const json& answer);

  child_process& process() { return process_; }

 private:
  child_process process_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace wsclient::test
