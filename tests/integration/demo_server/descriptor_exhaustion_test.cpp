// The demo server out of file descriptors (EMFILE): the connections it cannot accept wait in the
// listen queue, so a retry without a pause fails again at once. It must pause its accepts, log a
// bounded number of lines that count the failures, and serve again once descriptors are free.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "demo_server_process.hpp"
#include "tcp_client.hpp"

namespace wsclient::test {
namespace {

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

// Well above what the server holds when idle (stdio, epoll, timers, signal pipe, listener):
// the limit leaves room for a few accepted connections, and more than that many are opened.
constexpr unsigned open_files_limit = 32;
constexpr std::size_t connections = 48;

bool is_accept_failure(const std::string& line) {
  return line.find("accept failed") != std::string::npos;
}

TEST(DescriptorExhaustionTest, AcceptsPauseLogBoundedAndRecover) {
  // Accepted connections stay open until the test closes them: no handshake timeout frees one.
  demo_server_process server({"--threads", "1", "--handshake-timeout-ms", "600000"},
                             child_stderr::to_stdout);
  ASSERT_TRUE(server.process().set_open_files_limit(open_files_limit));

  std::vector<std::unique_ptr<tcp_client>> held;
  for (std::size_t i = 0; i < connections; ++i) {
    // The kernel completes the TCP handshake for queued connections the server has not accepted.
    held.push_back(std::make_unique<tcp_client>(server.port()));
  }
  // Past the rest of the startup listing (the URLs) to the first accept failure.
  auto first = server.process().read_line(milliseconds{10'000});
  while (first && !is_accept_failure(*first)) {
    first = server.process().read_line(milliseconds{10'000});
  }
  ASSERT_TRUE(first) << "no accept failure logged within 10 s of using up the descriptors";
  EXPECT_NE(first->find("Too many open files"), std::string::npos) << *first;
  const auto exhausted = steady::now();

  held.clear();  // frees the server's descriptors: it reads EOF on each and closes it

  // Every line up to the one saying accepts work again. Without a pause the server logs each
  // failed retry: thousands of lines a second.
  std::vector<std::string> failures{*first};
  std::optional<std::string> recovered;
  while (!recovered) {
    auto line = server.process().read_line(milliseconds{10'000});
    ASSERT_TRUE(line) << "no recovery line within 10 s; " << failures.size()
                      << " accept failure lines so far";
    if (is_accept_failure(*line)) {
      failures.push_back(*line);
      ASSERT_LE(failures.size(), 3U) << "the log is not bounded: " << *line;
    } else if (line->find("accepting again") != std::string::npos) {
      recovered = std::move(line);
    }
  }
  const auto took = std::chrono::duration_cast<milliseconds>(steady::now() - exhausted);
  // "accepting again after N failed accept(s) in T ms": with pauses from 100 ms, N stays
  // within one try per 100 ms of the time the descriptors were used up.
  const auto after = recovered->find("after ");
  ASSERT_NE(after, std::string::npos) << *recovered;
  const auto failed = std::stoull(recovered->substr(after + 6));
  EXPECT_GE(failed, 1U) << *recovered;
  EXPECT_LE(failed, 2U + static_cast<unsigned long long>(took.count() / 100)) << *recovered;

  // Served again: a new connection gets its health check answered.
  tcp_client fresh(server.port());
  ASSERT_TRUE(fresh.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const auto& answer = fresh.read_until(
      [](std::string_view bytes) { return bytes.find("OK\n") != std::string_view::npos; });
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK")) << answer;
}

}  // namespace
}  // namespace wsclient::test
