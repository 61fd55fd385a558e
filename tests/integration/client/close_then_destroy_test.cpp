// close() and then the destructor: the closing handshake goes on in the background (the
// server sees the close frame) and the destructor does not wait for the network.
#include <gtest/gtest.h>

#include <atomic>

#include "client_recorder.hpp"
#include "raw_ws_server.hpp"
#include "wsclient/asio.hpp"
#include "wsclient/client.hpp"

#include <boost/asio/io_context.hpp>

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

/// Answers the upgrade, then records the code of the client's close frame (0: none came) and
/// whether the client then kept the connection for its answer (RFC 6455 section 7.1.1: the
/// client waits for the server's close frame and the server closes TCP first); answers it
/// when answer is set.
struct close_watcher {
  explicit close_watcher(bool answer) : answer_(answer) {}

  std::atomic<int> code{0};
  std::atomic<bool> waited_for_the_answer{false};
  bool answer_;
  raw_ws_server server{[this](raw_connection& c) {
    c.send(c.upgrade_response());
    while (const auto f = c.read_frame(10s)) {
      if (f->opcode == close_opcode) {
        code = f->close_code();
        // A client that dropped the connection after its close frame ends it at once.
        waited_for_the_answer = !c.wait_end_of_stream(300ms);
        if (answer_) {
          c.send(server_close_frame(1000));
        }
        return;
      }
    }
  }};
};

TEST(CloseThenDestroy, TheServerGetsTheCloseFrame) {
  close_watcher watcher(true);
  client_recorder rec;  // declared before the client: it outlives it
  auto c = std::make_unique<client>();
  rec.attach(*c);
  ASSERT_FALSE(c->connect(watcher.server.url()));
  ASSERT_EQ(rec.wait_for("open").kind, "open");
  ASSERT_FALSE(c->close(4001, "done"));
  c.reset();
  ASSERT_TRUE(watcher.server.wait_served(1));
  EXPECT_EQ(watcher.code, 4001);
  EXPECT_TRUE(watcher.waited_for_the_answer);
}

TEST(CloseThenDestroy, TheDestructorDoesNotWaitForAnAnswer) {
  close_watcher watcher(false);  // never answers: the handshake ends at close_timeout
  client_options o;
  o.liveness.close_timeout = 3s;
  client_recorder rec;
  auto c = std::make_unique<client>(o);
  rec.attach(*c);
  ASSERT_FALSE(c->connect(watcher.server.url()));
  ASSERT_EQ(rec.wait_for("open").kind, "open");
  ASSERT_FALSE(c->close());
  const auto started = steady::now();
  c.reset();
  EXPECT_LT(steady::now() - started, 2s);
  ASSERT_TRUE(watcher.server.wait_served(1));
  EXPECT_EQ(watcher.code, 1000);
  EXPECT_TRUE(watcher.waited_for_the_answer);
}

TEST(CloseThenDestroy, OnTheApplicationsExecutorToo) {
  close_watcher watcher(true);
  boost::asio::io_context io;
  auto c = make_client(io.get_executor());
  ASSERT_FALSE(c->connect(watcher.server.url()));
  while (c->state() != connection_state::open && io.run_one_for(5s) > 0) {
  }
  ASSERT_EQ(c->state(), connection_state::open);
  ASSERT_FALSE(c->close());
  c.reset();
  io.run_for(5s);  // returns as soon as the handshake is over: nothing else is left to run
  ASSERT_TRUE(watcher.server.wait_served(1));
  EXPECT_EQ(watcher.code, 1000);
  EXPECT_TRUE(watcher.waited_for_the_answer);
}

}  // namespace
}  // namespace wsclient::test
