// The native client against a server that writes exact bytes (tests/support/raw_ws_server):
// what RFC 6455 makes a client do when the server breaks it, checked on the wire (the frames the
// client sends back) and in the events the application gets.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "client_recorder.hpp"
#include "raw_ws_server.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

/// What a script saw the client send, read by the test once the script has returned.
struct wire {
  std::mutex mutex;
  std::vector<client_frame> frames;

  void add(const client_frame& f) {
    std::lock_guard lock(mutex);
    frames.push_back(f);
  }
  /// Records the client's frames up to its close frame, or until it closes the connection
  /// (or 5 s pass); then the script may close the connection, as a server does once the close
  /// frames have crossed (RFC 6455 section 7.1.1).
  void record_until_close(raw_connection& c) {
    while (const auto f = c.read_frame()) {
      add(*f);
      if (f->opcode == close_opcode) {
        break;
      }
    }
  }
  std::vector<client_frame> all() {
    std::lock_guard lock(mutex);
    return frames;
  }
};

class HostileServer : public ::testing::Test {
 protected:
  HostileServer() {
    options.reconnect.initial_delay = 20ms;
    options.reconnect.max_delay = 20ms;
    options.reconnect.jitter_mode = jitter::none;
    options.liveness.ping_interval = 0ms;
  }

  /// Connects a new client to url with options (and on_message when set), with a new recorder.
  void start(const std::string& url) {
    c.reset();
    recorder = std::make_unique<client_recorder>();
    c = std::make_unique<client>(options);
    events().attach(*c);
    if (on_message) {
      c->on_message([this](const message_view& m) {
        events().add({m.kind == message_kind::text ? "text" : "binary", std::string(m.data)});
        on_message(m);
      });
    }
    ASSERT_FALSE(c->connect(url));
  }

  client_recorder& events() { return *recorder; }

  /// The event that decides what follows a failure: "gave_up" or "reconnecting".
  client_recorder::entry verdict() {
    client_recorder::entry found{"timeout", "neither gave_up nor reconnecting"};
    events().wait([&](const std::vector<client_recorder::entry>& es) {
      for (const auto& e : es) {
        if (e.kind == "gave_up" || e.kind == "reconnecting") {
          found = e;
          return true;
        }
      }
      return false;
    });
    return found;
  }

  /// A server that answers the upgrade correctly, then sends bytes: once the client decided
  /// what follows (decided) and is gone, the frames it sent back, up to its close frame.
  std::vector<client_frame> serve(const std::string& bytes) {
    wire seen;
    raw_ws_server server([&](raw_connection& conn) {
      conn.send(conn.upgrade_response() + bytes);
      seen.record_until_close(conn);
    });
    start(server.url());
    decided = verdict();
    c.reset();
    EXPECT_TRUE(server.wait_served(1));
    return seen.all();
  }

  /// The client gave up on a protocol violation, and closed with this code.
  void expect_protocol_failure(std::uint16_t code) {
    ASSERT_EQ(decided.kind, "gave_up") << decided.data;
    EXPECT_EQ(decided.gave_up.last_failure.error, errc::protocol_error);
    EXPECT_EQ(decided.gave_up.last_failure.close_code, code);
    EXPECT_EQ(events().wait_for("close").close.code, code);
  }

  /// The detail of the first error event ("" if none).
  std::string first_error() {
    const auto e = events().wait_for("error", 1, 1ms);
    return e.kind == "error" ? e.data : "";
  }

  client_options options;
  std::function<void(const message_view&)> on_message;
  client_recorder::entry decided{"none", ""};  ///< serve()'s verdict
  std::unique_ptr<client_recorder> recorder;
  std::unique_ptr<client> c;  // destroyed first: its handlers use the recorder
};

// RFC 6455 sections 5.6 and 8.1: a text message must be valid UTF-8 when it ends. Beast 1.81
// does not check the end of a message whose last frame is empty; the client must.
TEST_F(HostileServer, TextEndingInsideAUtf8SequenceFailsWith1007) {
  // Alone (read by Beast's asynchronous read), and behind a valid message in the same write
  // (read by the transport's synchronous path).
  for (const std::string& before : {std::string(), server_frame(text_opcode, "fine")}) {
    SCOPED_TRACE(before.empty() ? "alone" : "after a message");
    const auto frames = serve(before + server_frame(text_opcode, "caf\xc3", false) +
                              server_frame(continuation_opcode, ""));
    expect_protocol_failure(1007);
    EXPECT_EQ(events().texts(),
              before.empty() ? std::vector<std::string>{} : std::vector<std::string>{"fine"});
    ASSERT_EQ(frames.size(), 1U);
    EXPECT_EQ(frames[0].opcode, close_opcode);
    EXPECT_EQ(frames[0].close_code(), 1007);
  }
}

// Section 8.1: invalid UTF-8 fails the connection with 1007, which the events report too.
TEST_F(HostileServer, InvalidUtf8IsReportedWithTheCodeOnTheWire) {
  const auto frames = serve(server_frame(text_opcode, "\xff\xfe"));
  expect_protocol_failure(1007);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0].close_code(), 1007);
}

// Close code 1014 (IANA: bad gateway) is valid (section 7.4.1 and the registry), and retryable.
TEST_F(HostileServer, CloseCode1014IsAcceptedAndRetried) {
  const auto frames = serve(server_close_frame(1014, "upstream down"));
  ASSERT_EQ(decided.kind, "reconnecting") << decided.data;
  EXPECT_EQ(decided.reconnect.cause.error, errc::closed_by_server);
  EXPECT_EQ(decided.reconnect.cause.close_code, 1014);
  EXPECT_EQ(decided.reconnect.cause.close_reason, "upstream down");
  const auto closed = events().wait_for("close");
  EXPECT_EQ(closed.close.code, 1014);
  EXPECT_TRUE(closed.close.was_clean);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0].opcode, close_opcode);  // the closing handshake is answered
}

// RFC 7692 section 8.1: a compressed message that does not inflate fails the connection, with
// a close frame like any other failure (Beast stops without one).
TEST_F(HostileServer, ACompressedMessageThatDoesNotInflateFailsWith1007) {
  wire seen;
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response("Sec-WebSocket-Extensions: permessage-deflate\r\n") +
              server_frame(text_opcode, "\xff\xff\xff\xff not deflate", true, 4));  // RSV1
    seen.record_until_close(conn);
  });
  start(server.url());
  decided = verdict();
  c.reset();
  ASSERT_TRUE(server.wait_served(1));
  expect_protocol_failure(1007);
  const auto frames = seen.all();
  ASSERT_EQ(frames.size(), 1U);
  EXPECT_EQ(frames[0].opcode, close_opcode);
  EXPECT_EQ(frames[0].close_code(), 1007);
}

// Sections 7.4.1 and 7.4.2: codes nobody may send fail the connection with 1002.
class HostileServerCloseCode : public HostileServer,
                               public ::testing::WithParamInterface<std::uint16_t> {};

TEST_P(HostileServerCloseCode, FailsTheConnectionWith1002) {
  const auto frames = serve(server_close_frame(GetParam()));
  expect_protocol_failure(1002);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0].opcode, close_opcode);
  EXPECT_EQ(frames[0].close_code(), 1002);
}

INSTANTIATE_TEST_SUITE_P(InvalidCodes, HostileServerCloseCode,
                         ::testing::Values(0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000,
                                           65535));

// Section 7.1.7 allows the messages the application sent before a failure to go out before the
// close frame: what the handler of the last good message sent is not lost to the failure.
TEST_F(HostileServer, RepliesToMessagesBeforeAViolationGoOutBeforeTheClose) {
  on_message = [this](const message_view& m) { c->send_text(m.data); };
  for (const int good : {1, 3}) {
    SCOPED_TRACE(std::to_string(good) + " message(s) before the violation");
    std::string bytes;
    for (int i = 0; i < good; ++i) {
      bytes += server_frame(text_opcode, "m" + std::to_string(i));
    }
    const auto frames = serve(bytes + server_frame(text_opcode, "reserved bit", true, 4));  // RSV1
    expect_protocol_failure(1002);
    ASSERT_EQ(frames.size(), static_cast<std::size_t>(good + 1));
    for (int i = 0; i < good; ++i) {
      EXPECT_EQ(frames[i].opcode, text_opcode);
      EXPECT_EQ(frames[i].payload, "m" + std::to_string(i));
    }
    EXPECT_EQ(frames.back().opcode, close_opcode);
    EXPECT_EQ(frames.back().close_code(), 1002);
  }
}

// Messages written in one burst, far larger than the transport's read-ahead (tapped_stream.hpp)
// and cut across its reads anywhere, arrive whole and in order, a large message among them
// (read straight into Beast's buffer), and a violation after them is still seen.
TEST_F(HostileServer, ABurstLargerThanTheReadAheadArrivesWholeAndInOrder) {
  on_message = [](const message_view&) {};
  std::vector<std::string> expected;
  std::string bytes;
  for (int i = 0; i < 3'000; ++i) {
    expected.push_back(std::to_string(i) + std::string(static_cast<std::size_t>(i % 1'500),
                                                       static_cast<char>('a' + i % 26)));
    bytes += server_frame(text_opcode, expected.back());
    if (i == 1'500) {
      bytes += server_frame(binary_opcode, std::string(200 * 1024, 'b'));
    }
  }
  const auto frames = serve(bytes + server_frame(text_opcode, "reserved bit", true, 4));  // RSV1
  expect_protocol_failure(1002);
  EXPECT_EQ(events().texts(), expected);
  ASSERT_EQ(events().count("binary"), 1U);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back().close_code(), 1002);
}

// client.hpp: on_error is called for every failure, a lost connection included.
TEST_F(HostileServer, ALostConnectionIsReportedToOnError) {
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response() + server_frame(text_opcode, "hello"));
    // Then the connection is dropped, without a close frame.
  });
  options.reconnect.enabled = false;
  start(server.url());
  ASSERT_EQ(verdict().kind, "gave_up");
  const auto error = events().wait_for("error");
  ASSERT_EQ(error.kind, "error");
  EXPECT_EQ(error.error, errc::connection_lost);
  EXPECT_EQ(events().count("error"), 1U);
}

// Section 4.1: a response the client did not ask for fails the connection; it is the server's
// mistake and would be made again, so the default classifier does not retry it.
struct bad_upgrade {
  const char* name;
  std::vector<std::string> subprotocols;  ///< offered by the client
  bool compression;                       ///< permessage-deflate offered
  std::string response_headers;           ///< added to a correct 101 answer...
  std::string expected_detail;            ///< part of the error's text
  bool whole_response = false;            ///< ...or the whole answer
};

[[maybe_unused]] void PrintTo(const bad_upgrade& b, std::ostream* os) {
  *os << b.name;
}

class HostileUpgrade : public HostileServer, public ::testing::WithParamInterface<bad_upgrade> {};

TEST_P(HostileUpgrade, FailsAndIsNotRetried) {
  const auto& b = GetParam();
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(b.whole_response ? b.response_headers : conn.upgrade_response(b.response_headers));
    conn.wait_end_of_stream();
  });
  options.subprotocols = b.subprotocols;
  options.compression.enabled = b.compression;
  start(server.url());
  const auto v = verdict();
  ASSERT_EQ(v.kind, "gave_up") << v.data;
  EXPECT_EQ(v.gave_up.reason, errc::not_retryable);
  EXPECT_EQ(v.gave_up.last_failure.error, errc::handshake_failed);
  EXPECT_EQ(events().count("open"), 0U);
  const auto detail = first_error();
  EXPECT_NE(detail.find(b.expected_detail), std::string::npos) << detail;
  ASSERT_TRUE(server.wait_served(1));
  EXPECT_EQ(server.served(), 1U);
}

INSTANTIATE_TEST_SUITE_P(
    Section4_1, HostileUpgrade,
    ::testing::Values(
        bad_upgrade{
            "SubprotocolNotOffered", {}, true, "Sec-WebSocket-Protocol: chat\r\n", "\"chat\""},
        bad_upgrade{"SubprotocolNotAmongTheOffers",
                    {"a", "b"},
                    true,
                    "Sec-WebSocket-Protocol: c\r\n",
                    "\"c\""},
        bad_upgrade{
            "TwoSubprotocols", {"a", "b"}, true, "Sec-WebSocket-Protocol: a, b\r\n", "\"a, b\""},
        bad_upgrade{
            "UnknownExtension", {}, true, "Sec-WebSocket-Extensions: x-custom\r\n", "x-custom"},
        bad_upgrade{"DeflateNotOffered",
                    {},
                    false,
                    "Sec-WebSocket-Extensions: permessage-deflate\r\n",
                    "permessage-deflate"},
        bad_upgrade{"DeflateTwice",
                    {},
                    true,
                    "Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate\r\n",
                    "permessage-deflate"},
        bad_upgrade{"DeflateWithAnUnknownParameter",
                    {},
                    true,
                    "Sec-WebSocket-Extensions: permessage-deflate; hyper_mode\r\n",
                    "hyper_mode"},
        bad_upgrade{"DeflateWithAWindowOutOfRange",
                    {},
                    true,
                    "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=16\r\n",
                    "server_max_window_bits"},
        bad_upgrade{
            "WrongAcceptKey",
            {},
            true,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n",
            "Sec-WebSocket-Accept",
            true},
        bad_upgrade{"OversizedHeaders",
                    {},
                    true,
                    "X-Padding: " + std::string(9000, 'x') + "\r\n",
                    "header limit"}),
    [](const ::testing::TestParamInfo<bad_upgrade>& param_info) {
      return std::string(param_info.param.name);
    });

TEST_F(HostileServer, AnOfferedSubprotocolIsReported) {
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response(
        "Sec-WebSocket-Protocol: b\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12; "
        "client_max_window_bits=10; server_no_context_takeover\r\n"));
    conn.wait_end_of_stream();
  });
  options.subprotocols = {"a", "b"};
  start(server.url());
  const auto opened = events().wait_for("open");
  ASSERT_EQ(opened.kind, "open");
  EXPECT_EQ(opened.open.subprotocol, "b");
  c.reset();
}

// An HTTP answer to the upgrade is judged by its status line and headers: its body is not read
// (it may be huge, or never end).
TEST_F(HostileServer, AForbiddenAnswerWithAHugeBodyIsTheFatalStatus) {
  for (const bool chunked : {false, true}) {
    SCOPED_TRACE(chunked ? "chunked without end" : "Content-Length of 100 MB");
    raw_ws_server server([&](raw_connection& conn) {
      conn.send(
          std::string("HTTP/1.1 403 Forbidden\r\n") +
          (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: 100000000\r\n\r\n"));
      const std::string chunk =
          chunked ? "1000\r\n" + std::string(4096, 'x') + "\r\n" : std::string(4096, 'x');
      for (int i = 0; i < 25'000 && conn.send(chunk); ++i) {
      }
    });
    start(server.url());
    const auto v = verdict();
    ASSERT_EQ(v.kind, "gave_up") << v.data;
    EXPECT_EQ(v.gave_up.reason, errc::not_retryable);
    EXPECT_EQ(v.gave_up.last_failure.error, errc::handshake_rejected);
    EXPECT_EQ(v.gave_up.last_failure.http_status, 403);
    c.reset();
  }
}

TEST_F(HostileServer, AServiceUnavailableAnswerWithAHugeBodyKeepsItsRetryAfter) {
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 100000000\r\n\r\n");
    for (int i = 0; i < 25'000 && conn.send(std::string(4096, 'x')); ++i) {
    }
  });
  start(server.url());
  const auto v = verdict();
  ASSERT_EQ(v.kind, "reconnecting") << v.data;
  EXPECT_EQ(v.reconnect.cause.http_status, 503);
  EXPECT_EQ(v.reconnect.cause.retry_after, 2000ms);
  EXPECT_GE(v.reconnect.delay, 2000ms);
  c.reset();
}

}  // namespace
}  // namespace wsclient::test
