// IP literals and CIDR blocks, as no_proxy and client_options::resolve take them.
#include "ip_literal.hpp"

#include <gtest/gtest.h>

namespace wsclient::detail {
namespace {

TEST(IpLiteral, BothFamiliesAndNothingElse) {
  const auto v4 = parse_ip_literal("192.0.2.1");
  ASSERT_TRUE(v4);
  EXPECT_FALSE(v4->v6);
  EXPECT_EQ(v4->bytes[0], 192);
  EXPECT_EQ(v4->bytes[3], 1);
  const auto v6 = parse_ip_literal("2001:db8::1");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->v6);
  EXPECT_EQ(v6->bytes[15], 1);
  for (const auto* bad : {"", "localhost", "[::1]", "1.2.3", "1.2.3.256", "::1%lo", " 1.2.3.4"}) {
    EXPECT_FALSE(parse_ip_literal(bad)) << bad;
  }
}

TEST(IpLiteral, BlocksCutAtAnyBitAndNeverAcrossFamilies) {
  const auto a = *parse_ip_literal("192.168.1.200");
  EXPECT_TRUE(in_block(a, *parse_ip_literal("192.168.1.128"), 25));
  EXPECT_FALSE(in_block(a, *parse_ip_literal("192.168.1.0"), 25));
  EXPECT_TRUE(in_block(a, *parse_ip_literal("0.0.0.0"), 0));
  EXPECT_TRUE(in_block(a, a, 32));
  EXPECT_FALSE(in_block(a, a, 33));
  EXPECT_FALSE(in_block(*parse_ip_literal("::ffff:192.168.1.200"), a, 0));
  const auto b = *parse_ip_literal("fd12::1");
  EXPECT_TRUE(in_block(b, *parse_ip_literal("fd00::"), 8));
  EXPECT_FALSE(in_block(b, *parse_ip_literal("fd00::"), 12));
  EXPECT_TRUE(in_block(b, b, 128));
}

}  // namespace
}  // namespace wsclient::detail
