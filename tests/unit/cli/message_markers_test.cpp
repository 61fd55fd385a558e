// What stdout shows for messages: bare when piped, marked on a terminal.
#include "message_markers.hpp"

#include <gtest/gtest.h>

namespace wsclient::cli {
namespace {

TEST(MessageMarkers, PipedOutputIsTheMessagesAlone) {
  const auto m = markers_for(false, false);
  EXPECT_FALSE(m.shown);
  EXPECT_EQ(received_line(m, "hello"), "hello");
  EXPECT_EQ(sent_line(m, "hello", true), "");
}

TEST(MessageMarkers, OnATerminalSentAndReceivedAreMarked) {
  const auto m = markers_for(true, false);  // stdin piped, stdout a terminal
  EXPECT_EQ(received_line(m, "hello"), "< hello");
  EXPECT_EQ(sent_line(m, "hello", true), "> hello");
  EXPECT_EQ(sent_line(m, "", false), "> ");
}

// Typed on the same terminal, the line was echoed as it was typed: the marked line replaces
// that echo. A --send line was never echoed: nothing to replace.
TEST(MessageMarkers, ATypedLineReplacesTheTerminalsEcho) {
  const auto m = markers_for(true, true);
  EXPECT_TRUE(m.replaces_echo);
  EXPECT_EQ(sent_line(m, "hi", true), "\x1b[A\r\x1b[2K> hi");
  EXPECT_EQ(sent_line(m, "hi", false), "> hi");
  EXPECT_EQ(received_line(m, "hi"), "< hi");
}

TEST(MessageMarkers, NoTerminalOutputMeansNoEchoToReplace) {
  EXPECT_FALSE(markers_for(false, true).replaces_echo);
}

}  // namespace
}  // namespace wsclient::cli
