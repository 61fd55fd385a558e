// --redis URL: the two accepted forms and what is refused.
#include "redis_address.hpp"

#include <gtest/gtest.h>

namespace wsclient::demo {
namespace {

TEST(RedisAddress, TcpWithAndWithoutPort) {
  std::string error;
  auto a = parse_redis_url("redis://127.0.0.1:7000", error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 7000);
  EXPECT_EQ(a->display(), "127.0.0.1:7000");
  a = parse_redis_url("redis://cache.example/", error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->port, redis_default_port);
  a = parse_redis_url("redis://[::1]:6380", error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->display(), "[::1]:6380");
}

TEST(RedisAddress, UnixSocket) {
  std::string error;
  const auto a = parse_redis_url("unix:///run/redis/redis.sock", error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->unix_path, "/run/redis/redis.sock");
  EXPECT_TRUE(a->host.empty());
  EXPECT_EQ(a->display(), "unix:///run/redis/redis.sock");
}

TEST(RedisAddress, Refused) {
  for (const char* url :
       {"", "redis:/x", "rediss://h:1", "redis://", "redis://:6379", "redis://h:", "redis://h:0",
        "redis://h:65536", "redis://h:12a", "redis://u:p@h:1", "redis://h:1/0", "redis://h?x=1",
        "redis://[::1", "redis://[::1]x", "unix://", "unix://relative.sock", "redis+unix:///x"}) {
    std::string error;
    EXPECT_FALSE(parse_redis_url(url, error)) << url;
    EXPECT_NE(error.find("expected redis://HOST:PORT or unix:///PATH"), std::string::npos) << url;
  }
}

}  // namespace
}  // namespace wsclient::demo
