// The plain HTTP side of the demo server, through Python's http.client and raw TCP: health
// checks, static files (MIME types, no escape from the web root), 426 on WebSocket routes, and
// malformed requests that must not disturb anyone else.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <ios>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo_server_process.hpp"
#include "python_peer.hpp"

namespace wsclient::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using std::chrono::milliseconds;

// Placed outside the web root; no response may ever contain it.
constexpr std::string_view secret_text = "TOP-SECRET-outside-the-web-root";

// Fails the test unless answer is an HTTP response with that status.
void expect_status(const json& answer, int status, const std::string& what) {
  ASSERT_EQ(answer.value("ok", false), true) << what << ": " << answer.dump();
  EXPECT_EQ(answer.value("status", 0), status) << what << ": " << answer.dump();
}

std::string header(const json& answer, const std::string& name) {
  const auto headers = answer.value("headers", json::object());
  return headers.value(name, "<none>");
}

// "text/css; charset=utf-8" -> "text/css".
std::string media_type(const std::string& content_type) {
  return content_type.substr(0, content_type.find(';'));
}

std::string body_bytes(const json& answer) {
  return base64_decode(answer.value("body_b64", "")).value_or("<bad base64>");
}

void write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

class HttpTest : public ::testing::Test {
 protected:
  void start_server(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), "--test-hooks");
    server_.emplace(std::move(extra));
  }

  json get(const std::string& target, const std::string& method = "GET") {
    return peer_.http(method, server_->http_url(target));
  }

  // An echo connection named id, checked to work.
  void open_echo(const std::string& id) {
    const auto answer = peer_.connect(id, server_->ws_url("/echo"));
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
    expect_echo(id, "hello");
  }

  void expect_echo(const std::string& id, const std::string& text) {
    ASSERT_EQ(peer_.send_text(id, text).value("ok", false), true);
    const auto got = peer_.recv(id);
    EXPECT_EQ(got.value("type", ""), "text") << got.dump();
    EXPECT_EQ(got.value("data", ""), text) << got.dump();
  }

  std::optional<demo_server_process> server_;
  python_peer peer_;
};

TEST_F(HttpTest, HealthChecksAnswerOk) {
  start_server();
  for (const std::string target : {"/healthz", "/health/", "/healthz?probe=1"}) {
    const auto answer = get(target);
    expect_status(answer, 200, target);
    EXPECT_EQ(answer.value("body", ""), "OK\n") << target;

    const auto head = get(target, "HEAD");
    expect_status(head, 200, "HEAD " + target);
    EXPECT_EQ(head.value("body", "<none>"), "") << target;
  }
}

TEST_F(HttpTest, HealthCheckRefusesOtherMethods) {
  start_server();
  for (const std::string method : {"POST", "PUT", "DELETE"}) {
    const auto answer = get("/healthz", method);
    expect_status(answer, 405, method);
    EXPECT_NE(header(answer, "allow").find("GET"), std::string::npos) << answer.dump();
  }
}

TEST_F(HttpTest, WithoutWebRootNothingIsServed) {
  start_server();
  for (const std::string target : {"/", "/index.html", "/app.js"}) {
    expect_status(get(target), 404, target);
  }
}

TEST_F(HttpTest, PlainGetToWebSocketRouteIsUpgradeRequired) {
  start_server();
  for (const std::string target : {"/echo", "/time", "/counter", "/echo?x=1"}) {
    const auto answer = get(target);
    expect_status(answer, 426, target);
    EXPECT_EQ(header(answer, "upgrade"), "websocket") << answer.dump();
  }
}

TEST_F(HttpTest, WebSocketUpgradeToUnknownPathIsNotFound) {
  start_server();
  for (const std::string target : {"/nope", "/", "/healthz", "/echo/extra", "/ECHO"}) {
    const auto answer = peer_.connect("x", server_->ws_url(target));
    EXPECT_EQ(answer.value("ok", true), false) << target << ": " << answer.dump();
    EXPECT_EQ(answer.value("status", 0), 404) << target << ": " << answer.dump();
  }
  // The routes themselves still upgrade.
  open_echo("e");
}

TEST_F(HttpTest, KeepAliveServesPipelinedRequests) {
  start_server();
  const auto answer =
      peer_.raw(server_->port(),
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                "GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                milliseconds{5'000});
  ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
  EXPECT_EQ(answer.value("eof", false), true) << "the server did not honour Connection: close";
  const std::string text = answer.value("text", "");
  const auto second = text.find("HTTP/1.1 200", 1);
  EXPECT_TRUE(text.starts_with("HTTP/1.1 200")) << text;
  EXPECT_NE(second, std::string::npos) << text;
}

// A web root made for the test, and a secret next to it that must stay out of reach:
//   tmp/secret.txt, tmp/outside/secret.txt
//   tmp/root/{index.html, app.js, style.css, module.wasm, data.json, image.svg, notes.xyz,
//             sub/index.html, link_in -> app.js, link_out -> ../secret.txt, dir_out -> ../outside}
class HttpStaticTest : public HttpTest {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "wsclient_http_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    tmp_ = pattern;
    const auto root = tmp_ / "root";
    fs::create_directories(root / "sub");
    fs::create_directories(tmp_ / "outside");
    write_file(tmp_ / "secret.txt", secret_text);
    write_file(tmp_ / "outside" / "secret.txt", secret_text);
    for (const auto& [name, content] : files()) {
      write_file(root / name, content);
    }
    fs::create_symlink("app.js", root / "link_in");
    fs::create_symlink("../secret.txt", root / "link_out");
    fs::create_directory_symlink("../outside", root / "dir_out");
    start_server({"--web-root", root.string()});
  }

  void TearDown() override {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }

  struct file_case {
    std::string name;
    std::string content;
  };

  static std::vector<file_case> files() {
    return {
        {"index.html", "<!doctype html><title>root</title>\n"},
        {"app.js", "console.log('app');\n"},
        {"style.css", "body { color: red; }\n"},
        // A wasm header: NUL and high bytes must arrive untouched.
        {"module.wasm", std::string("\0asm\x01\0\0\0\xff\xfe", 10)},
        {"data.json", "{\"k\": [1, 2, 3]}\n"},
        {"image.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"},
        {"notes.xyz", "unknown extension\n"},
        {"sub/index.html", "<!doctype html><title>sub</title>\n"},
    };
  }

  fs::path tmp_;
};

TEST_F(HttpStaticTest, ServesFilesWithTheirMimeTypes) {
  struct expectation {
    std::string target;
    std::string file;
    std::string type;
  };
  const std::vector<expectation> cases{
      {"/", "index.html", "text/html"},
      {"/index.html", "index.html", "text/html"},
      {"/app.js", "app.js", "text/javascript"},
      {"/app.js?v=123", "app.js", "text/javascript"},
      {"/style.css", "style.css", "text/css"},
      {"/module.wasm", "module.wasm", "application/wasm"},
      {"/data.json", "data.json", "application/json"},
      {"/image.svg", "image.svg", "image/svg+xml"},
      {"/notes.xyz", "notes.xyz", "application/octet-stream"},
      {"/sub/", "sub/index.html", "text/html"},
      {"/sub/index.html", "sub/index.html", "text/html"},
      {"/link_in", "app.js", ""},  // a link inside the root is fine; its type is unspecified
  };
  const auto all = files();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const file_case& f) { return f.name == c.file; });
    ASSERT_NE(it, all.end());
    const auto answer = get(c.target);
    expect_status(answer, 200, c.target);
    EXPECT_TRUE(body_bytes(answer) == it->content) << answer.dump();
    const auto type = header(answer, "content-type");
    if (!c.type.empty()) {
      EXPECT_EQ(media_type(type), c.type) << type;
    }
    // Text types name their charset, and it is UTF-8.
    if (const auto charset = type.find("charset="); charset != std::string::npos) {
      EXPECT_EQ(type.substr(charset), "charset=utf-8") << type;
    }
    EXPECT_EQ(header(answer, "content-length"), std::to_string(it->content.size()));
  }
}

TEST_F(HttpStaticTest, HeadGivesHeadersWithoutBody) {
  const auto answer = get("/module.wasm", "HEAD");
  expect_status(answer, 200, "HEAD /module.wasm");
  EXPECT_EQ(header(answer, "content-type"), "application/wasm");
  EXPECT_EQ(header(answer, "content-length"), "10");
  EXPECT_EQ(answer.value("body", "<none>"), "");
}

TEST_F(HttpStaticTest, MissingFileIsNotFound) {
  for (const std::string target : {"/missing.html", "/sub/missing.js", "/index.html/", "/nosub/"}) {
    expect_status(get(target), 404, target);
  }
}

TEST_F(HttpStaticTest, OtherMethodsAreNotAllowed) {
  for (const std::string method : {"POST", "PUT", "DELETE"}) {
    const auto answer = get("/index.html", method);
    expect_status(answer, 405, method);
    EXPECT_NE(header(answer, "allow").find("GET"), std::string::npos) << answer.dump();
  }
}

TEST_F(HttpStaticTest, NoPathEscapesTheWebRoot) {
  const std::vector<std::string> targets{
      "/../secret.txt",
      "/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E/secret.txt",
      "/..%2fsecret.txt",
      "/..%2Fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/%2fsecret.txt",
      "/sub/../../secret.txt",
      "/sub/%2e%2e/%2e%2e/secret.txt",
      "//../secret.txt",
      "/./../secret.txt",
      "/..\\secret.txt",
      "/..%5csecret.txt",
      "/link_out",
      "/dir_out/secret.txt",
      "/dir_out/",
      "/sub/..%2f..%2fsecret.txt",
      "/secret.txt%00.html",
  };
  for (const auto& target : targets) {
    SCOPED_TRACE(target);
    const auto answer = get(target);
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
    const int status = answer.value("status", 0);
    EXPECT_TRUE(status == 400 || status == 403 || status == 404) << answer.dump();
    EXPECT_EQ(body_bytes(answer).find(secret_text), std::string::npos) << answer.dump();
  }
  // The same over raw TCP, where no client library can normalise anything, including an
  // absolute-form target.
  for (const std::string target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "http://127.0.0.1/../secret.txt"}) {
    SCOPED_TRACE("raw " + target);
    const auto answer =
        peer_.raw(server_->port(),
                  "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                  milliseconds{5'000});
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
    const std::string text = answer.value("text", "");
    EXPECT_TRUE(text.starts_with("HTTP/1.1 400") || text.starts_with("HTTP/1.1 404")) << text;
    EXPECT_EQ(text.find(secret_text), std::string::npos) << text;
  }
  // The files themselves are still served.
  expect_status(get("/index.html"), 200, "/index.html");
}

TEST_F(HttpTest, MalformedRequestsDoNotDisturbTheServer) {
  start_server();
  // Open across every bad request, and checked after each one.
  open_echo("keep");
  struct bad_input {
    std::string what;
    std::string bytes;
  };
  const std::vector<bad_input> inputs{
      {"garbage bytes", std::string("\x00\x01\x02\xff\xfe garbage\r\n\r\n", 16)},
      {"TLS ClientHello on a plain port",
       std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)},
      {"bad request line", "GET\r\n\r\n"},
      {"bad HTTP version", "GET / HTTP/9.Z\r\nHost: 127.0.0.1\r\n\r\n"},
      {"too many request line parts", "GET / HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n"},
      {"header without colon", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n"},
      {"header name with space", "GET /healthz HTTP/1.1\r\nBad Name: x\r\n\r\n"},
      {"oversized header", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                               std::string(20 * 1024, 'a') + "\r\n\r\n"},
      {"oversized header block",
       [] {
         std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
         for (int i = 0; i < 1000; ++i) {
           request += "X-H" + std::to_string(i) + ": 0123456789012345678901234567890\r\n";
         }
         return request + "\r\n";
       }()},
      {"bad chunked body",
       "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"},
  };
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.what);
    const auto answer = peer_.raw(server_->port(), input.bytes, milliseconds{5'000});
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
    // A 400, or nothing at all; either way the server ends the connection promptly rather
    // than waiting for more of a request that can never become valid.
    const std::string text = answer.value("text", "");
    EXPECT_TRUE(text.empty() || text.starts_with("HTTP/1.1 400")) << text.substr(0, 200);
    EXPECT_EQ(answer.value("eof", false), true) << "connection left open";
    expect_echo("keep", "still here after " + input.what);
  }
  expect_status(get("/healthz"), 200, "/healthz after bad input");
  open_echo("fresh");
  expect_echo("keep", "still here at the end");
}

}  // namespace
}  // namespace wsclient::test
