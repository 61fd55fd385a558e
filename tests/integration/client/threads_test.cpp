// The native client used from several threads at once, on an application's io_context, and
// destroyed from inside its own handlers (on its own I/O thread).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <future>
#include <map>
#include <thread>

#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "wsclient/asio.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

class ClientThreads : public ::testing::Test {
 protected:
  demo_server_process server;
};

TEST_F(ClientThreads, SendsFromManyThreadsKeepEachThreadsOrder) {
  client_recorder rec;
  client c;
  rec.attach(c);
  ASSERT_FALSE(c.connect(server.ws_url("/echo")));
  constexpr int threads = 4;
  constexpr int per_thread = 250;
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&c, t] {
      for (int i = 0; i < per_thread; ++i) {
        // Before open these are queued, after it sent: either way none is refused.
        EXPECT_NE(c.send_text(std::to_string(t) + ":" + std::to_string(i)).status,
                  send_status::refused);
      }
    });
  }
  for (auto& s : senders) {
    s.join();
  }
  ASSERT_EQ(rec.wait_for("text", threads * per_thread).kind, "text");
  std::map<int, int> next;
  for (const auto& text : rec.texts()) {
    const auto colon = text.find(':');
    const int t = std::stoi(text.substr(0, colon));
    const int i = std::stoi(text.substr(colon + 1));
    EXPECT_EQ(i, next[t]) << "thread " << t << " out of order";
    next[t] = i + 1;
  }
  EXPECT_EQ(next.size(), static_cast<std::size_t>(threads));
}

TEST_F(ClientThreads, ClientsMadeUsedAndDestroyedOnManyThreads) {
  std::vector<std::thread> workers;
  std::atomic<int> echoed{0};
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        client_recorder rec;
        auto c = std::make_unique<client>();
        rec.attach(*c);
        ASSERT_FALSE(c->connect(server.ws_url("/echo")));
        c->send_text("t" + std::to_string(t));
        if (round % 2 == 0) {
          // Half the rounds wait for the echo, half destroy the client mid-flight.
          if (rec.wait_for("text").kind == "text") {
            ++echoed;
          }
        }
        c.reset();
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  EXPECT_EQ(echoed.load(), 12);
}

TEST_F(ClientThreads, AHandlerMayDestroyItsClientOnTheIoThread) {
  std::unique_ptr<client> c = std::make_unique<client>();
  std::promise<std::thread::id> destroyed_on;
  c->on_message([&](const message_view&) {
    c.reset();  // the destructor runs on the client's own I/O thread: it must not join it
    destroyed_on.set_value(std::this_thread::get_id());
  });
  ASSERT_FALSE(c->connect(server.ws_url("/echo")));
  c->send_text("destroy me");
  auto f = destroyed_on.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  EXPECT_NE(f.get(), std::this_thread::get_id());
}

TEST_F(ClientThreads, DestroyingFromAnotherThreadWaitsForARunningHandler) {
  auto c = std::make_unique<client>();
  std::promise<void> in_handler;
  std::promise<void> release;
  auto release_future = release.get_future();
  std::atomic<bool> handler_done{false};
  bool first = true;
  c->on_message([&](const message_view&) {
    if (std::exchange(first, false)) {
      in_handler.set_value();
      release_future.wait();
      handler_done = true;
    }
  });
  ASSERT_FALSE(c->connect(server.ws_url("/echo")));
  c->send_text("hold");
  ASSERT_EQ(in_handler.get_future().wait_for(10s), std::future_status::ready);
  std::thread releaser([&] { release.set_value(); });
  c.reset();  // returns only once the handler has returned: no handler after the destructor
  EXPECT_TRUE(handler_done.load());
  releaser.join();
}

TEST_F(ClientThreads, RunsOnAnApplicationIoContext) {
  boost::asio::io_context io;
  client_recorder rec;
  auto c = make_client(io.get_executor());
  rec.attach(*c);
  ASSERT_FALSE(c->connect(server.ws_url("/echo")));
  c->send_text("on my loop");
  c->on_message([&](const message_view& m) {
    rec.add({"text", std::string(m.data)});
    c->close();
  });
  c->on_close([&](const close_info&) { rec.add({"close", ""}); });
  // The application's thread runs the client: nothing happens until it does.
  io.run_for(10s);
  EXPECT_EQ(rec.texts(), std::vector<std::string>{"on my loop"});
  EXPECT_EQ(rec.count("close"), 1U);
}

}  // namespace
}  // namespace wsclient::test
