#include "websocket_key.hpp"

#include <gtest/gtest.h>

namespace wsclient::demo {
namespace {

TEST(WebsocketKey, AcceptsSixteenBytesInBase64) {
  EXPECT_TRUE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ=="));  // RFC 6455 section 1.3
  EXPECT_TRUE(is_websocket_key("AAAAAAAAAAAAAAAAAAAAAA=="));
  EXPECT_TRUE(is_websocket_key("+/+/+/+/+/+/+/+/+/+/+w=="));
}

TEST(WebsocketKey, RefusesOtherLengthsAndAlphabets) {
  EXPECT_FALSE(is_websocket_key(""));
  EXPECT_FALSE(is_websocket_key("AQID"));                          // 3 bytes
  EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ"));        // padding missing
  EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZSE="));      // 17 bytes
  EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ==AAAA"));  // 19 bytes
  EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZ-=="));      // base64url digit
  EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25j Q=="));      // space inside
  EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ=A"));
}

}  // namespace
}  // namespace wsclient::demo
