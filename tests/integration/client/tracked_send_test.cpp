// Tracked sends over the native transport against a server that writes exact bytes: a message
// the server got but never acknowledged (the link died first) comes again on the next
// connection, before what was queued meanwhile; an acknowledged one does not.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "raw_ws_server.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

TEST(TrackedSend, AMessageTheServerNeverAcknowledgedComesAgainAfterTheReconnect) {
  std::mutex mutex;
  std::vector<std::vector<std::string>> seen;  // per connection
  std::atomic<int> connection{0};
  raw_ws_server server([&](raw_connection& conn) {
    const int n = connection++;
    conn.send(conn.upgrade_response());
    {
      std::lock_guard lock(mutex);
      seen.emplace_back();
    }
    while (const auto f = conn.read_frame()) {
      if (f->opcode == close_opcode) {
        return;
      }
      {
        std::lock_guard lock(mutex);
        seen.back().push_back(f->payload);
      }
      if (n == 0 && f->payload == "second") {
        return;  // the link dies: "second" arrived, its acknowledgement never leaves
      }
      if (n == 1 && f->payload == "third") {
        conn.send(server_frame(text_opcode, "done"));
      }
      conn.send(server_frame(text_opcode, "ack:" + f->payload));
    }
  });
  client_options options;
  options.liveness.ping_interval = 0ms;
  options.reconnect.initial_delay = 10ms;
  options.reconnect.max_delay = 10ms;
  options.reconnect.jitter_mode = jitter::none;
  client c(options);
  std::promise<void> done;
  std::atomic<std::size_t> pending_at_drop{0};
  c.on_message([&](const message_view& m) {
    if (m.data == "done") {
      done.set_value();
    } else if (m.data.starts_with("ack:")) {
      c.acknowledge(m.data.substr(4));  // the ids are the texts here
    }
  });
  c.on_close([&](const close_info& i) {
    if (i.will_reconnect) {
      pending_at_drop = c.stats().tracked_pending;
      c.send_text("third");  // queued in the outbox while down
    }
  });
  ASSERT_TRUE(c.send_tracked_text("first", "first"));
  ASSERT_TRUE(c.send_tracked_text("second", "second"));
  ASSERT_FALSE(c.connect(server.url()));
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0], (std::vector<std::string>{"first", "second"}));
  // "first" was acknowledged before the drop if its ack was read before the end of the
  // stream; either way, what was not acknowledged comes again, in order, before the outbox.
  ASSERT_GE(pending_at_drop, 1U);
  const auto expected = pending_at_drop == 1 ? std::vector<std::string>{"second", "third"}
                                             : std::vector<std::string>{"first", "second", "third"};
  EXPECT_EQ(seen[1], expected);
  EXPECT_EQ(c.stats().tracked_pending, 0U);
  EXPECT_GE(c.stats().tracked_resent, 1U);
  c.close();
}

}  // namespace
}  // namespace wsclient::test
