// client_options::resolve entries: what is accepted, and which entry a host and port finds.
#include "resolve_override.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsclient::detail {
namespace {

TEST(ResolveOverride, IpLiteralsOfBothFamiliesAreAccepted) {
  EXPECT_EQ(check_resolve_override({"dual.test", 443, {"::1", "127.0.0.1"}}), "");
  EXPECT_EQ(check_resolve_override({"v4.test", 1, {"10.0.0.1"}}), "");
}

TEST(ResolveOverride, WhatIsWrongIsSaid) {
  EXPECT_NE(check_resolve_override({"", 80, {"127.0.0.1"}}).find("without a host"),
            std::string::npos);
  EXPECT_NE(check_resolve_override({"h", 0, {"127.0.0.1"}}).find("port must be"),
            std::string::npos);
  EXPECT_NE(check_resolve_override({"h", 80, {}}).find("no address"), std::string::npos);
  // A name is not an address: nothing is looked up for an override.
  EXPECT_NE(check_resolve_override({"h", 80, {"localhost"}}).find("\"localhost\" is not an IPv4"),
            std::string::npos);
  EXPECT_NE(check_resolve_override({"h", 80, {"[::1]"}}).find("is not an IPv4"), std::string::npos);
  EXPECT_NE(check_resolve_override({"h", 80, {"127.0.0.1", "1.2.3"}}).find("\"1.2.3\""),
            std::string::npos);
}

TEST(ResolveOverride, TheHostIsFoundWithoutRegardToCaseAndOnlyForItsPort) {
  const std::vector<resolve_override> entries{{"Example.COM", 443, {"192.0.2.1"}},
                                              {"example.com", 80, {"192.0.2.2"}}};
  const auto* found = find_resolve_override(entries, "example.com", 443);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->addresses, std::vector<std::string>{"192.0.2.1"});
  found = find_resolve_override(entries, "EXAMPLE.com", 80);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->addresses, std::vector<std::string>{"192.0.2.2"});
  EXPECT_EQ(find_resolve_override(entries, "example.com", 8080), nullptr);
  EXPECT_EQ(find_resolve_override(entries, "www.example.com", 443), nullptr);
}

}  // namespace
}  // namespace wsclient::detail
