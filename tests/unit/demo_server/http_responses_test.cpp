#include "http_responses.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace wsclient::demo {
namespace {

namespace http = boost::beast::http;
using http_responses::request_facts;

template <class Body>
std::string field(const http::response<Body>& res, http::field name) {
  const auto it = res.find(name);
  return it == res.end() ? "<none>" : std::string(it->value());
}

constexpr request_facts get_11{.version = 11, .keep_alive = true};

TEST(HttpResponses, TextIsUtf8PlainTextWithTheServerName) {
  const auto res = http_responses::text(http::status::ok, "OK\n", get_11);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.version(), 11U);
  EXPECT_TRUE(res.keep_alive());
  EXPECT_EQ(field(res, http::field::server), "wsclient-demo-server");
  EXPECT_EQ(field(res, http::field::content_type), "text/plain; charset=utf-8");
  EXPECT_EQ(field(res, http::field::content_length), "3");
  EXPECT_EQ(res.body(), "OK\n");
}

TEST(HttpResponses, HeadKeepsTheLengthOfTheGetAnswerWithoutItsBody) {
  const auto res = http_responses::text(http::status::not_found, "Not Found\n",
                                        {.version = 11, .keep_alive = true, .head = true});
  EXPECT_EQ(field(res, http::field::content_length), "10");
  EXPECT_EQ(res.body(), "");
}

TEST(HttpResponses, KeepAliveAndVersionFollowTheRequest) {
  const auto res = http_responses::text(http::status::bad_request, "Bad Request\n",
                                        {.version = 10, .keep_alive = false});
  EXPECT_EQ(res.version(), 10U);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(res.need_eof());
}

TEST(HttpResponses, JsonIsNeverCached) {
  const auto res = http_responses::json(409, R"({"error":"x"})", get_11);
  EXPECT_EQ(res.result_int(), 409U);
  EXPECT_EQ(field(res, http::field::server), "wsclient-demo-server");
  EXPECT_EQ(field(res, http::field::content_type), "application/json");
  EXPECT_EQ(field(res, http::field::cache_control), "no-store");
  EXPECT_EQ(res.body(), R"({"error":"x"})");
}

TEST(HttpResponses, MethodNotAllowedListsTheAllowedMethods) {
  const auto res = http_responses::method_not_allowed("GET, HEAD", get_11);
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(field(res, http::field::allow), "GET, HEAD");
  EXPECT_EQ(field(res, http::field::server), "wsclient-demo-server");
  EXPECT_EQ(field(res, http::field::content_type), "text/plain; charset=utf-8");
  EXPECT_EQ(res.body(), "Method Not Allowed\n");
}

TEST(HttpResponses, UpgradeRequiredNamesWebSocket) {
  const auto res = http_responses::upgrade_required(get_11);
  EXPECT_EQ(res.result(), http::status::upgrade_required);
  EXPECT_EQ(field(res, http::field::upgrade), "websocket");
  EXPECT_EQ(field(res, http::field::connection), "Upgrade");
  EXPECT_EQ(field(res, http::field::sec_websocket_version), "13");
  EXPECT_EQ(field(res, http::field::server), "wsclient-demo-server");
  EXPECT_EQ(field(res, http::field::content_type), "text/plain; charset=utf-8");
  EXPECT_EQ(res.body(), "This endpoint speaks WebSocket: connect to it with ws:// or wss://.\n");
}

TEST(HttpResponses, RejectedUpgradeCarriesRetryAfterOnlyWhenSet) {
  const auto with = http_responses::upgrade_rejected({503, 7}, 11);
  EXPECT_EQ(with.result_int(), 503U);
  EXPECT_EQ(field(with, http::field::retry_after), "7");
  EXPECT_EQ(field(with, http::field::server), "wsclient-demo-server");
  EXPECT_EQ(field(with, http::field::content_type), "text/plain; charset=utf-8");
  EXPECT_EQ(with.body(), "upgrade rejected by test hook\n");
  EXPECT_FALSE(with.keep_alive());

  const auto without = http_responses::upgrade_rejected({429, std::nullopt}, 11);
  EXPECT_EQ(without.result_int(), 429U);
  EXPECT_EQ(field(without, http::field::retry_after), "<none>");
}

TEST(HttpResponses, FileAndItsHeadAnswerTheSameHeaders) {
  const auto path = std::filesystem::temp_directory_path() / "http_responses_test.wasm";
  std::ofstream(path, std::ios::binary) << std::string("\0asm", 4);
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(path.c_str(), boost::beast::file_mode::scan, ec);
  ASSERT_FALSE(ec) << ec.message();

  const auto head = http_responses::file_head("application/wasm", 4, get_11);
  const auto get = http_responses::file(std::move(body), "application/wasm", get_11);
  for (const auto& [name, value] : {std::pair{http::field::server, "wsclient-demo-server"},
                                    std::pair{http::field::content_type, "application/wasm"},
                                    std::pair{http::field::cache_control, "no-cache"},
                                    std::pair{http::field::content_length, "4"}}) {
    EXPECT_EQ(field(head, name), value) << name;
    EXPECT_EQ(field(get, name), value) << name;
  }
  EXPECT_EQ(get.result(), http::status::ok);
  EXPECT_EQ(get.body().size(), 4U);
  EXPECT_TRUE(get.keep_alive());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace wsclient::demo
