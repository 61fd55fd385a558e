#include "url_listing.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wsclient::demo {
namespace {

TEST(UrlListing, FirstLineIsTheAddressThenEveryRouteWithItsUrl) {
  const server_options options;
  const auto text = url_listing(options, 43210);
  EXPECT_TRUE(text.starts_with("listening on 127.0.0.1:43210\n")) << text;
  for (const char* url : {"ws://127.0.0.1:43210/echo ", "ws://127.0.0.1:43210/time ",
                          "ws://127.0.0.1:43210/counter ", "http://127.0.0.1:43210/healthz ",
                          "http://127.0.0.1:43210/health/ ", "http://127.0.0.1:43210/ "}) {
    EXPECT_NE(text.find("  " + std::string(url)), std::string::npos) << url << "\n" << text;
  }
  EXPECT_NE(text.find("(no --web-root given)"), std::string::npos) << text;
  EXPECT_EQ(text.find("/_test/"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with("\n"));
}

TEST(UrlListing, TestHooksWhenEnabled) {
  server_options options;
  options.test_hooks = true;
  options.web_root = "/srv/www";
  const auto text = url_listing(options, 1);
  EXPECT_NE(text.find("  http://127.0.0.1:1/_test/{drop,close,reject,stall} "), std::string::npos)
      << text;
  EXPECT_NE(text.find("(POST)"), std::string::npos) << text;
  EXPECT_EQ(text.find("no --web-root"), std::string::npos) << text;
}

TEST(UrlListing, TlsAndIpv6) {
  server_options options;
  options.host = "::1";
  options.tls_cert = "cert.pem";
  options.tls_key = "key.pem";
  const auto text = url_listing(options, 8443);
  EXPECT_TRUE(text.starts_with("listening on ::1:8443\n")) << text;
  EXPECT_NE(text.find("  wss://[::1]:8443/echo "), std::string::npos) << text;
  EXPECT_NE(text.find("  https://[::1]:8443/healthz "), std::string::npos) << text;
  EXPECT_EQ(text.find("ws://"), std::string::npos) << text;
}

}  // namespace
}  // namespace wsclient::demo
