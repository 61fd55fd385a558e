// The connection race over several addresses (RFC 8305), against real sockets: an address that
// never answers (a listener whose accept queue is full drops new SYNs), one that refuses, one
// that accepts; and the client itself over an IPv6 literal and over a name with both families.
#include "address_race.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

/// A listening socket on address (an IPv4 or IPv6 literal), port 0 unless given.
class listener {
 public:
  listener(const std::string& address, int backlog, std::uint16_t port = 0) {
    const bool v6 = address.find(':') != std::string::npos;
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    if (v6) {
      ::setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_port = htons(port);
      ::inet_pton(AF_INET6, address.c_str(), &a.sin6_addr);
      bind_and_listen(reinterpret_cast<sockaddr*>(&a), sizeof a, backlog);
    } else {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
      bind_and_listen(reinterpret_cast<sockaddr*>(&a), sizeof a, backlog);
    }
    endpoint_ = tcp::endpoint(net::ip::make_address(address), port_);
  }
  ~listener() { ::close(fd_); }
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  const tcp::endpoint& endpoint() const { return endpoint_; }

 private:
  void bind_and_listen(sockaddr* a, socklen_t size, int backlog) {
    if (fd_ < 0 || ::bind(fd_, a, size) != 0 || ::listen(fd_, backlog) != 0 ||
        ::getsockname(fd_, a, &size) != 0) {
      throw std::runtime_error("listener: cannot listen");
    }
    port_ = ntohs(a->sa_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(a)->sin6_port
                                           : reinterpret_cast<sockaddr_in*>(a)->sin_port);
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  tcp::endpoint endpoint_;
};

/// An address where a connect hangs: a listener with a backlog of 0 whose one queued
/// connection is never accepted, so that new SYNs are dropped (the black hole a broken IPv6
/// route makes).
class black_hole {
 public:
  explicit black_hole(const std::string& address, std::uint16_t port = 0)
      : listener_(address, 0, port), filler_(io_) {
    filler_.connect(listener_.endpoint());
  }
  const tcp::endpoint& endpoint() const { return listener_.endpoint(); }

 private:
  listener listener_;
  net::io_context io_;
  tcp::socket filler_;
};

struct race_outcome {
  boost::system::error_code error;
  std::optional<tcp::endpoint> winner;
  std::chrono::milliseconds took{0};
  bool done = false;
};

race_outcome race(const std::vector<tcp::endpoint>& endpoints) {
  net::io_context io;
  race_outcome out;
  const auto start = steady::now();
  auto r = std::make_shared<detail::address_race>(
      net::make_strand(io), endpoints, detail::connection_attempt_delay,
      [&](boost::system::error_code ec, tcp::socket s, const tcp::endpoint& to) {
        out.done = true;
        out.error = ec;
        out.took = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start);
        if (!ec) {
          out.winner = to;
          EXPECT_TRUE(s.is_open());
        }
      });
  r->start();
  io.run_for(10s);  // ends when the race is over (nothing else runs on io)
  return out;
}

TEST(AddressRace, ADeadFirstAddressCostsTheAttemptDelayNotTheConnectTimeout) {
  black_hole dead("::1");
  listener alive("127.0.0.1", 16);
  const auto out = race({dead.endpoint(), alive.endpoint()});
  ASSERT_TRUE(out.done);
  ASSERT_FALSE(out.error) << out.error.message();
  EXPECT_EQ(out.winner, alive.endpoint());
  EXPECT_GE(out.took, detail::connection_attempt_delay - 10ms);
  EXPECT_LT(out.took, 2s);
}

TEST(AddressRace, ARefusingAddressHandsOverAtOnce) {
  std::optional<tcp::endpoint> closed;
  {
    listener gone("127.0.0.1", 1);
    closed = gone.endpoint();
  }
  listener alive("::1", 16);
  const auto out = race({*closed, alive.endpoint()});
  ASSERT_FALSE(out.error) << out.error.message();
  EXPECT_EQ(out.winner, alive.endpoint());
  EXPECT_LT(out.took, detail::connection_attempt_delay);
}

TEST(AddressRace, WhenAllFailTheLastFailureIsReported) {
  std::vector<tcp::endpoint> closed;
  for (const auto* a : {"127.0.0.1", "::1"}) {
    listener gone(a, 1);
    closed.push_back(gone.endpoint());
  }
  const auto out = race(closed);
  ASSERT_TRUE(out.done);
  EXPECT_EQ(out.error, net::error::connection_refused) << out.error.message();
  EXPECT_EQ(race({}).error, net::error::host_not_found);
}

TEST(AddressRace, CancelClosesEveryAttemptAndReportsNothing) {
  black_hole dead("::1");
  black_hole dead_too("127.0.0.1");
  net::io_context io;
  bool reported = false;
  auto r = std::make_shared<detail::address_race>(
      net::make_strand(io), std::vector<tcp::endpoint>{dead.endpoint(), dead_too.endpoint()}, 1ms,
      [&](boost::system::error_code, tcp::socket, const tcp::endpoint&) { reported = true; });
  r->start();
  net::steady_timer later(io, 50ms);
  later.async_wait([r](boost::system::error_code) { r->cancel(); });
  io.run_for(5s);
  EXPECT_TRUE(io.stopped());  // nothing left waiting: the connects were closed
  EXPECT_FALSE(reported);
}

TEST(AddressRace, FamiliesAreInterleavedStartingWithTheFirst) {
  const auto v4 = [](const char* a) { return tcp::endpoint(net::ip::make_address(a), 1); };
  const auto order = detail::interleave_families(
      {v4("::1"), v4("::2"), v4("::3"), v4("10.0.0.1"), v4("10.0.0.2")});
  EXPECT_EQ(order, (std::vector<tcp::endpoint>{v4("::1"), v4("10.0.0.1"), v4("::2"), v4("10.0.0.2"),
                                               v4("::3")}));
}

TEST(ClientAddresses, AnIpv6LiteralUrlConnects) {
  demo_server_process server({"--host", "::1"});
  client_recorder rec;
  client c;
  rec.attach(c);
  const auto url = "ws://[::1]:" + std::to_string(server.port()) + "/echo";
  ASSERT_FALSE(c.connect(url));
  const auto opened = rec.wait_for("open");
  ASSERT_EQ(opened.kind, "open") << rec.wait_for("error", 1, 0ms).data;
  EXPECT_EQ(opened.open.url, url);
  EXPECT_EQ(opened.open.address, "[::1]:" + std::to_string(server.port()));
  c.send_text("v6");
  EXPECT_EQ(rec.wait_for("text").data, "v6");
}

// A dual-stack name whose IPv6 address is a black hole: given both loopback addresses, ::1
// first, by client_options::resolve (so whatever /etc/hosts says). A connect to ::1 hangs until
// the connect timeout, far beyond the wait for "open": only the race (RFC 8305), starting
// 127.0.0.1 after its delay, reaches the server.
TEST(ClientAddresses, ANameWithADeadIpv6AddressConnectsOverIpv4ThroughTheRace) {
  demo_server_process server;  // 127.0.0.1 only
  black_hole dead("::1", server.port());
  for (const std::string name : {"localhost", "dual-stack.test"}) {
    SCOPED_TRACE(name);
    client_options o;
    o.liveness.connect_timeout = 60s;
    o.resolve = {{name, server.port(), {"::1", "127.0.0.1"}}};
    client_recorder rec;
    client c(o);
    rec.attach(c);
    ASSERT_FALSE(c.connect("ws://" + name + ":" + std::to_string(server.port()) + "/echo"));
    const auto opened = rec.wait_for("open");
    ASSERT_EQ(opened.kind, "open") << rec.wait_for("error", 1, 0ms).data;
    EXPECT_EQ(opened.open.address, "127.0.0.1:" + std::to_string(server.port()));
    c.send_text("raced");
    EXPECT_EQ(rec.wait_for("text").data, "raced");
  }
}

TEST(ClientAddresses, GivenAddressesAreUsedForTheirPortOnly) {
  demo_server_process server;
  client_options o;
  o.reconnect.enabled = false;
  // Another port's entry does not apply: the name is looked up, and .invalid never resolves
  // (RFC 6761 section 6.4).
  o.resolve = {{"server.invalid", static_cast<std::uint16_t>(server.port() + 1), {"127.0.0.1"}}};
  client_recorder rec;
  client c(o);
  rec.attach(c);
  ASSERT_FALSE(c.connect("ws://server.invalid:" + std::to_string(server.port()) + "/echo"));
  const auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::resolve_failed);
}

}  // namespace
}  // namespace wsclient::test
