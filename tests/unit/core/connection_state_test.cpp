// The names of connection_state, as logs and the JS module's "state" events show them.
#include <gtest/gtest.h>

#include "wsclient/events.hpp"

namespace wsclient {
namespace {

TEST(ConnectionState, EachStateHasItsName) {
  EXPECT_EQ(to_string(connection_state::idle), "idle");
  EXPECT_EQ(to_string(connection_state::connecting), "connecting");
  EXPECT_EQ(to_string(connection_state::open), "open");
  EXPECT_EQ(to_string(connection_state::closing), "closing");
  EXPECT_EQ(to_string(connection_state::waiting), "waiting");
  EXPECT_EQ(to_string(connection_state::closed), "closed");
  EXPECT_EQ(to_string(static_cast<connection_state>(99)), "unknown");
}

}  // namespace
}  // namespace wsclient
