// Where a redirect of the upgrade leads: Location resolved against the URL that was redirected.
#include "redirect.hpp"

#include <gtest/gtest.h>

#include <string>

#include "wsclient/error.hpp"

namespace wsclient::detail {
namespace {

std::string resolved(const char* from_text, const char* location) {
  url from;
  EXPECT_FALSE(parse_url(from_text, from));
  url out;
  std::string why;
  if (resolve_redirect(from, location, out, &why)) {
    return "error: " + why;
  }
  return out.to_string();
}

TEST(Redirect, StatusesFollowed) {
  for (const int s : {301, 302, 303, 307, 308}) {
    EXPECT_TRUE(is_redirect_status(s)) << s;
  }
  for (const int s : {300, 304, 305, 306, 200, 101, 404}) {
    EXPECT_FALSE(is_redirect_status(s)) << s;
  }
}

TEST(Redirect, LocationFormsResolveAgainstTheRedirectedUrl) {
  EXPECT_EQ(resolved("ws://a.example/x/y?q=1", "wss://b.example:8443/z"), "wss://b.example:8443/z");
  EXPECT_EQ(resolved("ws://a.example/", "HTTPS://b.example/s"), "wss://b.example/s");
  EXPECT_EQ(resolved("wss://a.example/", "http://b.example/p"), "ws://b.example/p");
  EXPECT_EQ(resolved("wss://a.example:444/x", "//c.example/p?k"), "wss://c.example/p?k");
  EXPECT_EQ(resolved("ws://a.example:81/x/y", "/root?r=2"), "ws://a.example:81/root?r=2");
  EXPECT_EQ(resolved("ws://a.example/x/y?q=1", "z"), "ws://a.example/x/z");
  EXPECT_EQ(resolved("ws://[::1]:9/x", "y"), "ws://[::1]:9/y");
  EXPECT_EQ(resolved("ws://a.example/x", "/p#fragment"), "ws://a.example/p");
}

TEST(Redirect, LocationsThatAreNoWebSocketUrlAreRefusedWithAReason) {
  EXPECT_EQ(resolved("ws://a.example/", "ftp://b.example/"),
            "error: redirect to an invalid URL \"ftp://b.example/\": scheme must be ws or wss");
  EXPECT_NE(resolved("ws://a.example/", "http://"), resolved("ws://a.example/", "/"));
  EXPECT_EQ(resolved("ws://a.example/", "/a b").rfind("error: ", 0), 0U);
  EXPECT_EQ(resolved("ws://a.example/", "//:99999/").rfind("error: ", 0), 0U);
}

}  // namespace
}  // namespace wsclient::detail
