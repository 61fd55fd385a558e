// The client's core (facade + session) driven by a fake transport and a manual clock:
// attempts at the right virtual times, backoff reset, classifier, outbox, liveness, close()
// and destruction from inside every handler.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "client_access.hpp"
#include "fake_transport.hpp"
#include "session.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

class Session : public ::testing::Test {
 protected:
  Session() {
    opts.reconnect.initial_delay = 100ms;
    opts.reconnect.max_delay = 1000ms;
    opts.reconnect.multiplier = 2.0;
    opts.reconnect.jitter_mode = jitter::none;
    opts.reconnect.stable_after = 5000ms;
    opts.liveness.ping_interval = 0ms;
  }

  ~Session() override {
    // Posted work holds the session (as an event loop would until it runs): let it run.
    c.reset();
    be.clock->run_posted();
  }

  void make() {
    c = detail::client_access::make(opts, be.make());
    c->on_state_change([this](connection_state s) { log("state:" + std::string(to_string(s))); });
    c->on_open([this](const open_info& i) {
      log("open:" + std::to_string(i.attempt) + (i.subprotocol.empty() ? "" : ":" + i.subprotocol));
    });
    c->on_message([this](const message_view& m) {
      log(std::string(m.kind == message_kind::text ? "text:" : "binary:") + std::string(m.data));
    });
    c->on_close([this](const close_info& i) {
      log("close:" + std::to_string(i.code) +
          (i.will_reconnect ? ":retry:" + std::to_string(i.reconnect_delay.count()) : ":final"));
      last_close = i;
    });
    c->on_error([this](std::error_code ec, std::string_view) { log("error:" + ec.message()); });
    c->on_reconnecting([this](const reconnect_info& r) {
      log("reconnecting:" + std::to_string(r.attempt) + ":" + std::to_string(r.delay.count()) +
          (r.waiting_for_network ? ":offline" : ""));
    });
    c->on_gave_up([this](const gave_up_info& g) {
      log("gave_up:" + g.reason.message());
      gave_up = g;
    });
  }

  void log(std::string e) { events.push_back(std::move(e)); }
  void run() { be.clock->run_posted(); }
  void advance(milliseconds d) { be.clock->advance(d); }
  fake_transport& t() { return be.last(); }

  /// connect() and open the first attempt.
  void connect_and_open() {
    ASSERT_FALSE(c->connect("ws://127.0.0.1:9/echo"));
    run();
    ASSERT_EQ(be.attempts(), 1U);
    t().open();
    ASSERT_EQ(c->state(), connection_state::open);
    events.clear();
  }

  std::vector<std::string> sent_texts(std::size_t transport) const {
    std::vector<std::string> out;
    for (const auto& m : (*be.made)[transport]->sent) {
      out.push_back(m.data);
    }
    return out;
  }

  fake_backend be;
  client_options opts;
  std::unique_ptr<client> c;
  std::vector<std::string> events;
  close_info last_close;
  gave_up_info gave_up;
};

using strings = std::vector<std::string>;

TEST(SessionTransitions, CloseIsAcceptedInEveryStateThatIsNotAlreadyClosing) {
  using s = connection_state;
  for (const auto state : {s::idle, s::connecting, s::open, s::waiting}) {
    EXPECT_TRUE(detail::accepts(state, detail::session_input::close)) << to_string(state);
  }
  EXPECT_FALSE(detail::accepts(s::closing, detail::session_input::close));
  EXPECT_FALSE(detail::accepts(s::closed, detail::session_input::close));
}

TEST(SessionTransitions, AnEndedConnectionEitherWaitsToRetryOrCloses) {
  using s = connection_state;
  for (const auto from : {s::connecting, s::open}) {
    EXPECT_TRUE(detail::find_transition(from, detail::session_input::ended, s::waiting));
    EXPECT_TRUE(detail::find_transition(from, detail::session_input::ended, s::closed));
  }
  EXPECT_FALSE(detail::find_transition(s::closing, detail::session_input::ended, s::waiting));
}

TEST(SessionTransitions, EachRowIsListedOnceAndNeverStaysPut) {
  for (std::size_t i = 0; i < detail::transitions.size(); ++i) {
    const auto& row = detail::transitions[i];
    EXPECT_NE(row.from, row.to) << row.by;
    EXPECT_EQ(detail::find_transition(row.from, row.on, row.to), &detail::transitions[i]) << row.by;
  }
}

TEST_F(Session, ConnectOpensAndReportsInOrder) {
  make();
  EXPECT_EQ(c->state(), connection_state::idle);
  ASSERT_FALSE(c->connect("ws://127.0.0.1:9/echo?x=1"));
  run();
  ASSERT_EQ(be.attempts(), 1U);
  ASSERT_TRUE(t().request);
  EXPECT_EQ(t().request->target.target, "/echo?x=1");
  EXPECT_EQ(t().request->target.port, 9);
  EXPECT_EQ(c->state(), connection_state::connecting);
  t().open("chat");
  EXPECT_EQ(events, (strings{"state:connecting", "state:open", "open:1:chat"}));
}

TEST_F(Session, ConnectRefusesBadUrlsAndSecondStarts) {
  make();
  EXPECT_EQ(c->connect("http://x/"), errc::invalid_url);
  EXPECT_EQ(c->connect("ws://"), errc::invalid_url);
  run();
  EXPECT_EQ(be.attempts(), 0U);
  EXPECT_FALSE(c->connect("ws://h/"));
  EXPECT_EQ(c->connect("ws://h/"), errc::already_started);
  run();
  EXPECT_EQ(be.attempts(), 1U);
}

TEST_F(Session, TheProxyIsChosenForEachAttemptAndReportedWithoutCredentials) {
  (*be.environment)["http_proxy"] = "http://user:pw@web-proxy:3128";
  (*be.environment)["HTTPS_PROXY"] = "socks5h://tls-proxy";
  (*be.environment)["no_proxy"] = "direct.example";
  std::vector<std::string> urls{"ws://a.example/", "wss://b.example/", "ws://direct.example/"};
  opts.attempt_provider = [&urls](std::uint32_t n) {
    return attempt_settings{urls.at(n - 1), {}, false};
  };
  open_info opened;
  make();
  c->on_open([&opened](const open_info& i) { opened = i; });
  ASSERT_FALSE(c->connect("ws://a.example/"));
  run();
  ASSERT_TRUE(t().request->proxy);
  EXPECT_EQ(t().request->proxy->user, "user");
  EXPECT_EQ(t().request->proxy->to_string(), "http://web-proxy:3128");
  t().open();
  EXPECT_EQ(opened.proxy, "http://web-proxy:3128");
  t().drop();
  advance(100ms);
  ASSERT_EQ(be.attempts(), 2U);
  ASSERT_TRUE(t().request->proxy);
  EXPECT_EQ(t().request->proxy->to_string(), "socks5h://tls-proxy:1080");
  t().fail(errc::connect_failed);
  advance(200ms);
  ASSERT_EQ(be.attempts(), 3U);
  EXPECT_FALSE(t().request->proxy);
  t().open();
  EXPECT_EQ(opened.proxy, "");
}

TEST_F(Session, ABadProxyInTheEnvironmentIsRefusedAtConnectUnlessTheEnvironmentIsOff) {
  (*be.environment)["ALL_PROXY"] = "gopher://p";
  make();
  EXPECT_EQ(c->connect("ws://h/"), errc::invalid_option);
  run();
  EXPECT_EQ(be.attempts(), 0U);
  opts.proxy_from_environment = false;
  make();
  EXPECT_FALSE(c->connect("ws://h/"));
  run();
  ASSERT_EQ(be.attempts(), 1U);
  EXPECT_FALSE(t().request->proxy);
}

TEST_F(Session, RedirectsAreFollowedWithinTheAttemptAndTheFinalUrlIsReported) {
  open_info opened;
  make();
  c->on_open([&opened](const open_info& i) { opened = i; });
  ASSERT_FALSE(c->connect("ws://a.example/start?x=1"));
  run();
  t().redirect(301, "next");  // relative to /start's directory
  ASSERT_EQ(be.attempts(), 2U);
  EXPECT_EQ(t().request->url_text, "ws://a.example/next");
  t().redirect(308, "wss://b.example:8443/secure");  // ws -> wss: followed
  ASSERT_EQ(be.attempts(), 3U);
  EXPECT_TRUE(t().request->target.secure);
  t().open();
  EXPECT_EQ(opened.url, "wss://b.example:8443/secure");
  EXPECT_EQ(opened.attempt, 1U);  // one attempt, three hops
  EXPECT_EQ(c->stats().attempts, 1U);
  // No error, no reconnecting: a followed redirect is no failure.
  EXPECT_EQ(events, (strings{"state:connecting", "state:open"}));
  // A reconnect starts from the URL given to connect().
  t().drop();
  advance(100ms);
  ASSERT_EQ(be.attempts(), 4U);
  EXPECT_EQ(t().request->url_text, "ws://a.example/start?x=1");
}

struct redirect_case {
  const char* name;
  std::uint32_t max_redirects;
  const char* start;
  std::vector<std::pair<int, const char*>> hops;
  errc error;
};

class SessionRedirects : public Session, public ::testing::WithParamInterface<redirect_case> {};

TEST_P(SessionRedirects, ThoseNotFollowedAreFatal) {
  const auto& p = GetParam();
  opts.max_redirects = p.max_redirects;
  make();
  ASSERT_FALSE(c->connect(p.start));
  run();
  for (const auto& [status, location] : p.hops) {
    t().redirect(status, location);
  }
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.reason, errc::not_retryable);
  EXPECT_EQ(gave_up.last_failure.error, p.error);
  EXPECT_EQ(be.attempts(), p.hops.size());
}

INSTANTIATE_TEST_SUITE_P(
    Table, SessionRedirects,
    ::testing::Values(
        redirect_case{"Downgrade", 10, "wss://h/", {{302, "ws://h/"}}, errc::insecure_redirect},
        redirect_case{
            "DowngradeByHttpScheme", 10, "wss://h/", {{307, "http://h/"}}, errc::insecure_redirect},
        redirect_case{"Loop", 10, "ws://h/a", {{302, "/b"}, {307, "/a"}}, errc::redirect_loop},
        redirect_case{"ToItself", 10, "ws://h/a", {{301, "ws://H:80/a"}}, errc::redirect_loop},
        redirect_case{"TooMany",
                      2,
                      "ws://h/0",
                      {{301, "/1"}, {301, "/2"}, {301, "/3"}},
                      errc::too_many_redirects},
        redirect_case{"Off", 0, "ws://h/", {{301, "/elsewhere"}}, errc::handshake_rejected},
        redirect_case{
            "NotARedirectStatus", 10, "ws://h/", {{300, "/elsewhere"}}, errc::handshake_rejected},
        redirect_case{
            "InvalidLocation", 10, "ws://h/", {{302, "ftp://x/"}}, errc::handshake_failed}),
    [](const ::testing::TestParamInfo<redirect_case>& param_info) {
      return std::string(param_info.param.name);
    });

TEST_F(Session, MessagesReachTheHandler) {
  make();
  connect_and_open();
  t().receive(message_kind::text, "hello");
  t().receive(message_kind::binary, std::string("\0\1", 2));
  EXPECT_EQ(events, (strings{"text:hello", std::string("binary:\0\1", 9)}));
  EXPECT_EQ(c->stats().messages_received, 2U);
  EXPECT_EQ(c->stats().bytes_received, 7U);
}

TEST_F(Session, RetriesAtExponentialVirtualTimesUpToTheCap) {
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  const std::vector<long> expected{100, 200, 400, 800, 1000, 1000};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    t().fail(errc::connect_failed);
    EXPECT_EQ(c->state(), connection_state::waiting);
    const auto before = be.attempts();
    advance(milliseconds(expected[i] - 1));
    EXPECT_EQ(be.attempts(), before) << "attempt came early, i=" << i;
    advance(1ms);
    EXPECT_EQ(be.attempts(), before + 1) << "attempt missing, i=" << i;
  }
  EXPECT_EQ(c->stats().attempts, 7U);
  EXPECT_EQ(events[0], "state:connecting");
  EXPECT_EQ(events[1], "error:" + std::error_code(errc::connect_failed).message());
  EXPECT_EQ(events[2], "state:waiting");
  EXPECT_EQ(events[3], "reconnecting:2:100");
}

TEST_F(Session, ADropReportsCloseWithTheDelayThenReconnects) {
  make();
  connect_and_open();
  advance(6000ms);  // stable: the backoff is reset
  t().drop();
  EXPECT_EQ(events, (strings{"error:" + std::error_code(errc::connection_lost).message(),
                             "state:waiting", "close:1006:retry:100", "reconnecting:2:100"}));
  EXPECT_EQ(last_close.error, errc::connection_lost);
  EXPECT_FALSE(last_close.was_clean);
  advance(100ms);
  ASSERT_EQ(be.attempts(), 2U);
  t().open();
  EXPECT_EQ(events.back(), "open:2");
}

// client.hpp: on_error hears of every failure, the loss of an open connection too; a closing
// handshake the server completed is an end, not a failure.
TEST_F(Session, ALostConnectionIsAnErrorACleanCloseIsNot) {
  make();
  connect_and_open();
  t().drop();
  EXPECT_EQ(events.front(), "error:" + std::error_code(errc::connection_lost).message());
  advance(100ms);
  t().open();
  events.clear();
  t().server_close(1001, "restart");
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const std::string& e) { return e.starts_with("error:"); }),
            0);
}

// A connection that stayed up stable_after is the first attempt of the series its loss begins:
// giving up at once is "after 1 attempt", not 0.
TEST_F(Session, AGiveUpAfterAStableConnectionCountsIt) {
  opts.reconnect.enabled = false;
  make();
  connect_and_open();
  advance(6000ms);
  t().drop();
  EXPECT_EQ(gave_up.attempts, 1U);
}

TEST_F(Session, AGiveUpAfterAStableConnectionAndFailedRetriesCountsThemAll) {
  opts.reconnect.max_attempts = 2;
  make();
  connect_and_open();
  advance(6000ms);
  t().drop();
  for (int i = 0; i < 2; ++i) {
    advance(1000ms);
    t().fail(errc::connect_failed);
  }
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.attempts, 3U);  // the lost connection and two reconnect attempts
}

// Sends made from the message handler reach the transport before the next message is read, so
// that a failure found in that next message cannot overtake them (RFC 6455 section 7.1.7).
TEST_F(Session, SendsFromTheMessageHandlerReachTheTransportAtOnce) {
  make();
  c->on_message([this](const message_view& m) { c->send_text("echo " + std::string(m.data)); });
  run();
  connect_and_open();
  t().receive(message_kind::text, "a");
  EXPECT_EQ(sent_texts(0), (strings{"echo a"}));
  t().receive(message_kind::text, "b");
  EXPECT_EQ(sent_texts(0), (strings{"echo a", "echo b"}));
  run();  // the flush that was posted finds nothing left
  EXPECT_EQ(sent_texts(0), (strings{"echo a", "echo b"}));
}

// A server cannot make the client wait longer than reconnect_options::max_retry_after, and a
// wait beyond max_elapsed ends the retries at once, saying why.
TEST_F(Session, RetryAfterIsCappedAndCannotOutlastMaxElapsed) {
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::handshake_rejected, 503, milliseconds(100'000'000'000));
  EXPECT_EQ(events.back(), "reconnecting:2:300000");
  c->close();
  run();

  opts.reconnect.max_elapsed = 60s;
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::handshake_rejected, 503, 100s);
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.reason, errc::retry_after_too_long);
  EXPECT_EQ(gave_up.last_failure.retry_after, 100s);
}

TEST_F(Session, BackoffResetsOnlyAfterStableUptime) {
  make();
  connect_and_open();
  // Opens and drops at once, over and over: the delays keep growing.
  advance(10ms);
  t().drop();
  advance(100ms);
  t().open();
  advance(10ms);
  t().drop();
  EXPECT_EQ(c->state(), connection_state::waiting);
  EXPECT_EQ(events.back(), "reconnecting:3:200");
  advance(200ms);
  t().open();
  advance(5000ms);  // stable now
  events.clear();
  t().drop();
  EXPECT_EQ(events.back(), "reconnecting:2:100");
}

TEST_F(Session, MarkHealthyResetsTheBackoffAtOnce) {
  make();
  connect_and_open();
  t().drop();
  advance(100ms);
  t().open();
  c->mark_healthy();
  run();
  events.clear();
  t().drop();
  EXPECT_EQ(events.back(), "reconnecting:2:100");
}

TEST_F(Session, CloseSticks) {
  make();
  connect_and_open();
  ASSERT_FALSE(c->close(4000, "bye"));
  run();
  ASSERT_TRUE(t().close_sent);
  EXPECT_EQ(t().close_sent->first, 4000);
  EXPECT_EQ(t().close_sent->second, "bye");
  EXPECT_EQ(c->state(), connection_state::closing);
  EXPECT_EQ(c->send_text("late").status, send_status::refused);
  t().server_close(4000, "bye");
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(events, (strings{"state:closing", "state:closed", "close:4000:final"}));
  EXPECT_TRUE(last_close.was_clean);
  EXPECT_EQ(last_close.error, errc::closed_by_user);
  advance(1h);
  EXPECT_EQ(be.attempts(), 1U);
  EXPECT_EQ(be.clock->pending_timers(), 0U);
}

TEST_F(Session, CloseWhileWaitingCancelsTheRetry) {
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::connect_failed);
  ASSERT_FALSE(c->close());
  run();
  EXPECT_EQ(c->state(), connection_state::closed);
  advance(1h);
  EXPECT_EQ(be.attempts(), 1U);
  EXPECT_EQ(events.back(), "close:1000:final");
}

TEST_F(Session, CloseWhileConnectingAbortsTheAttempt) {
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  ASSERT_FALSE(c->close());
  run();
  EXPECT_TRUE(t().aborted);
  EXPECT_EQ(c->state(), connection_state::closed);
  t().open();  // a late event from the aborted attempt is ignored
  EXPECT_EQ(c->state(), connection_state::closed);
}

TEST_F(Session, CloseTimesOutWhenTheServerDoesNotAnswer) {
  opts.liveness.close_timeout = 300ms;
  make();
  connect_and_open();
  ASSERT_FALSE(c->close());
  run();
  advance(299ms);
  EXPECT_EQ(c->state(), connection_state::closing);
  advance(1ms);
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_TRUE(t().aborted);
  EXPECT_EQ(last_close.error, errc::close_timeout);
}

TEST_F(Session, InvalidCloseArgumentsChangeNothing) {
  make();
  connect_and_open();
  EXPECT_EQ(c->close(1001), errc::invalid_close_code);
  EXPECT_EQ(c->close(1000, std::string(124, 'r')), errc::close_reason_too_long);
  run();
  EXPECT_EQ(c->state(), connection_state::open);
  EXPECT_FALSE(t().close_sent);
  EXPECT_EQ(c->send_text("still works").status, send_status::sent);
}

TEST_F(Session, ConnectAfterCloseStartsAgain) {
  make();
  connect_and_open();
  ASSERT_FALSE(c->close());
  run();
  t().server_close(1000);
  ASSERT_FALSE(c->connect("ws://h/again"));
  run();
  ASSERT_EQ(be.attempts(), 2U);
  EXPECT_EQ(t().request->target.target, "/again");
  t().open();
  EXPECT_EQ(c->send_text("x").status, send_status::sent);
}

TEST_F(Session, CloseThenConnectBeforeTheClientRanStartsAfresh) {
  make();
  ASSERT_FALSE(c->close());
  ASSERT_FALSE(c->connect("ws://h/"));
  EXPECT_EQ(c->send_text("queued").status, send_status::queued);
  run();
  EXPECT_EQ(events, (strings{"state:closed", "close:1000:final", "state:connecting"}));
  EXPECT_EQ(c->send_text("still queued").status, send_status::queued);
  t().open();
  EXPECT_EQ(c->send_text("sent").status, send_status::sent);
  run();
  EXPECT_EQ(sent_texts(0), (strings{"queued", "still queued", "sent"}));
}

TEST_F(Session, ServerCloseWithAFatalCodeGivesUpWithTheUnsentMessages) {
  make();
  connect_and_open();
  t().server_close(4001, "forbidden");
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(events, (strings{"state:closed", "close:4001:final",
                             "gave_up:" + std::error_code(errc::not_retryable).message()}));
  EXPECT_EQ(c->send_text("x").status, send_status::refused);
  advance(1h);
  EXPECT_EQ(be.attempts(), 1U);
}

TEST_F(Session, Rejected403GivesUpAnd503HonoursRetryAfter) {
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::handshake_rejected, 503, 3000ms);
  EXPECT_EQ(events.back(), "reconnecting:2:3000");
  advance(2999ms);
  EXPECT_EQ(be.attempts(), 1U);
  advance(1ms);
  ASSERT_EQ(be.attempts(), 2U);
  c->send_text("queued 1");
  c->send_binary(std::string_view("queued 2"));
  t().fail(errc::handshake_rejected, 403);
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.last_failure.http_status, 403);
  EXPECT_EQ(gave_up.reason, errc::not_retryable);
  ASSERT_EQ(gave_up.unsent.size(), 2U);
  EXPECT_EQ(gave_up.unsent[0].data, "queued 1");
  EXPECT_EQ(gave_up.unsent[1].kind, message_kind::binary);
}

TEST_F(Session, MaxAttemptsGivesUp) {
  opts.reconnect.max_attempts = 3;
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  for (int i = 0; i < 3; ++i) {
    t().fail(errc::connect_failed);
    advance(1000ms);
  }
  EXPECT_EQ(be.attempts(), 4U);
  t().fail(errc::connect_failed);
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.reason, errc::gave_up);
  EXPECT_EQ(gave_up.attempts, 4U);
  advance(1h);
  EXPECT_EQ(be.attempts(), 4U);
}

TEST_F(Session, MaxElapsedGivesUp) {
  opts.reconnect.max_elapsed = 1000ms;
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::connect_failed);  // outage starts; next in 100
  advance(100ms);
  t().fail(errc::connect_failed);  // +200 -> 300
  advance(200ms);
  t().fail(errc::connect_failed);  // +400 -> 700
  advance(400ms);
  EXPECT_EQ(c->state(), connection_state::connecting);
  t().fail(errc::connect_failed);  // +800 would end at 1500 > 1000
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.reason, errc::gave_up);
}

TEST_F(Session, ReconnectDisabledStopsAtTheFirstFailure) {
  opts.reconnect.enabled = false;
  make();
  connect_and_open();
  t().drop();
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(last_close.code, 1006);
  EXPECT_FALSE(last_close.will_reconnect);
}

TEST_F(Session, ACustomClassifierDecides) {
  opts.reconnect.classifier = [](const failure& f) {
    retry_decision d = default_classifier(f);
    if (f.close_code == 4001) {
      d.retry = true;  // this app's 4001 means "come back later"
      d.min_delay = 700ms;
    }
    return d;
  };
  make();
  connect_and_open();
  t().server_close(4001);
  EXPECT_EQ(events.back(), "reconnecting:2:700");  // not stable yet: the series goes on
}

TEST_F(Session, RandomFirstDelayIsWithinTheInitialDelay) {
  opts.reconnect.random_first_delay = true;
  opts.reconnect.initial_delay = 1000ms;
  opts.reconnect.max_delay = 5000ms;
  opts.reconnect.seed = 3;
  make();
  connect_and_open();
  advance(6000ms);
  t().drop();
  ASSERT_TRUE(be.clock->next_timer_in());
  EXPECT_LE(*be.clock->next_timer_in(), 1000ms);
}

TEST_F(Session, OutboxQueuesWhileDownAndFlushesInOrderOnOpen) {
  make();
  EXPECT_EQ(c->send_text("before connect").status, send_status::queued);
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  EXPECT_EQ(c->send_text("while connecting").status, send_status::queued);
  EXPECT_EQ(c->buffered_amount(), 30U);
  t().open();
  run();
  EXPECT_EQ(sent_texts(0), (strings{"before connect", "while connecting"}));
  EXPECT_EQ(c->send_text("open").status, send_status::sent);
  run();
  EXPECT_EQ(sent_texts(0), (strings{"before connect", "while connecting", "open"}));
  EXPECT_EQ(c->buffered_amount(), 34U);
  EXPECT_EQ(t().write_all(), 34U);
  EXPECT_EQ(c->buffered_amount(), 0U);
  EXPECT_EQ(c->stats().messages_sent, 3U);
}

TEST_F(Session, UnacknowledgedTrackedMessagesGoAgainAfterTheHookAndBeforeTheOutbox) {
  make();
  c->on_open_hook([](client& self) { self.send_text("join"); });
  connect_and_open();
  EXPECT_EQ(c->send_tracked_text("1", "t1").status, send_status::sent);
  c->send_text("u1");
  EXPECT_EQ(c->send_tracked_binary("2", "t2").status, send_status::sent);
  run();
  t().write_all();
  EXPECT_TRUE(c->acknowledge("1"));
  t().drop();
  EXPECT_EQ(c->send_text("o1").status, send_status::queued);
  EXPECT_EQ(c->send_tracked_text("3", "t3").status, send_status::queued);
  EXPECT_EQ(c->stats().tracked_pending, 2U);  // t2 and t3
  advance(100ms);
  t().open();
  run();
  EXPECT_EQ(sent_texts(1), (strings{"join", "t2", "t3", "o1"}));
  EXPECT_EQ((*be.made)[1]->sent[1].kind, message_kind::binary);
  const auto stats = c->stats();
  EXPECT_EQ(stats.tracked_pending, 2U);
  EXPECT_EQ(stats.tracked_resent, 1U);  // t3 goes for the first time
  EXPECT_TRUE(c->acknowledge("2"));
  EXPECT_TRUE(c->acknowledge("3"));
  EXPECT_EQ(c->stats().tracked_pending, 0U);
}

TEST_F(Session, ATrackedMessageTheTransportGaveBackIsSentOnceNotTwice) {
  make();
  connect_and_open();
  c->send_tracked_text("a", "tracked");
  c->send_text("plain");
  run();
  // Neither had started on the wire when the link died.
  t().drop({message{message_kind::text, "tracked"}, message{message_kind::text, "plain"}});
  advance(100ms);
  t().open();
  run();
  EXPECT_EQ(sent_texts(1), (strings{"tracked", "plain"}));
}

TEST_F(Session, ATrackedMessageNotYetHandedOverIsSentOnceNotTwice) {
  make();
  connect_and_open();
  c->send_tracked_text("a", "tracked");  // still waiting for the flush when the link dies
  t().drop();
  run();
  advance(100ms);
  t().open();
  run();
  EXPECT_EQ(sent_texts(1), (strings{"tracked"}));
}

TEST_F(Session, GivingUpListsTheUnacknowledgedTrackedMessages) {
  make();
  c->send_tracked_text("a", "one");
  c->send_text("plain");
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::handshake_rejected, 403);
  ASSERT_EQ(gave_up.unacknowledged.size(), 1U);
  EXPECT_EQ(gave_up.unacknowledged[0].id, "a");
  EXPECT_EQ(gave_up.unacknowledged[0].data, "one");
  ASSERT_EQ(gave_up.unsent.size(), 1U);
  EXPECT_EQ(gave_up.unsent[0].data, "plain");
  EXPECT_EQ(c->stats().tracked_pending, 0U);
}

TEST_F(Session, TrackedSendsAreRefusedForABadIdOrOverTheLimits) {
  opts.tracking.max_messages = 1;
  make();
  EXPECT_EQ(c->send_tracked_text("", "x").error, errc::invalid_tracking_id);
  EXPECT_EQ(c->send_tracked_text("a", "x").status, send_status::queued);
  EXPECT_EQ(c->send_tracked_text("a", "y").error, errc::invalid_tracking_id);
  EXPECT_EQ(c->send_tracked_text("b", "y").error, errc::tracking_full);
  EXPECT_EQ(c->send_tracked_text("c", "\xff").error, errc::invalid_utf8);
  EXPECT_EQ(c->stats().messages_refused, 4U);
  EXPECT_EQ(c->stats().tracked_pending, 1U);
  c->close();
  EXPECT_EQ(c->send_tracked_text("d", "z").error, errc::not_connected);
}

TEST_F(Session, UnsentMessagesOfADroppedConnectionGoOutFirstAfterReconnect) {
  make();
  connect_and_open();
  c->send_text("1");
  c->send_text("2");
  run();
  ASSERT_EQ(sent_texts(0), (strings{"1", "2"}));
  // "1" was on the wire when the link died; "2" had not started.
  t().drop({message{message_kind::text, "2"}});
  EXPECT_EQ(c->send_text("3").status, send_status::queued);
  advance(100ms);
  t().open();
  run();
  EXPECT_EQ(sent_texts(1), (strings{"2", "3"}));
}

TEST_F(Session, OpenHookMessagesGoBeforeTheOutbox) {
  make();
  c->on_open_hook([](client& self) { self.send_text("auth"); });
  c->send_text("queued");
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().open();
  run();
  EXPECT_EQ(sent_texts(0), (strings{"auth", "queued"}));
  // And again after a reconnect.
  c->send_text("later");
  run();
  t().drop();
  c->send_text("while down");
  advance(100ms);
  t().open();
  run();
  EXPECT_EQ(sent_texts(1), (strings{"auth", "while down"}));
}

TEST_F(Session, OverflowPoliciesAreApplied) {
  opts.outbox.max_messages = 2;
  make();
  EXPECT_EQ(c->send_text("a").status, send_status::queued);
  EXPECT_EQ(c->send_text("b").status, send_status::queued);
  const auto r = c->send_text("c");
  EXPECT_EQ(r.status, send_status::refused);
  EXPECT_EQ(r.error, errc::outbox_full);
  EXPECT_EQ(c->stats().messages_refused, 1U);
}

TEST_F(Session, DropOldestKeepsTheNewest) {
  opts.outbox.max_messages = 2;
  opts.outbox.overflow = overflow_policy::drop_oldest;
  make();
  for (const char* s : {"a", "b", "c"}) {
    EXPECT_EQ(c->send_text(s).status, send_status::queued);
  }
  EXPECT_EQ(c->stats().messages_dropped, 1U);
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().open();
  run();
  EXPECT_EQ(sent_texts(0), (strings{"b", "c"}));
}

TEST_F(Session, ExpiredMessagesAreNotSentAndAreReported) {
  opts.outbox.ttl = 500ms;
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  c->send_text("old");
  advance(400ms);
  c->send_text("fresh");
  advance(100ms);
  t().open();
  run();
  EXPECT_EQ(sent_texts(0), (strings{"fresh"}));
  EXPECT_EQ(c->stats().messages_expired, 1U);
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "error:" + std::error_code(errc::message_expired).message()),
            events.end());
}

TEST_F(Session, InvalidUtf8IsRefused) {
  make();
  const auto r = c->send_text("\xff\xfe");
  EXPECT_EQ(r.status, send_status::refused);
  EXPECT_EQ(r.error, errc::invalid_utf8);
  EXPECT_EQ(c->send_binary(std::string_view("\xff\xfe")).status, send_status::queued);
}

// Binary data is not a C string: a bare pointer (or literal) must come with its size.
template <class C>
constexpr bool sends_binary_from_a_bare_pointer = requires(C& c, const char* p) {
  c.send_binary(p);
};
template <class C>
constexpr bool sends_text_from_a_bare_pointer = requires(C& c, const char* p) {
  c.send_text(p);
};
static_assert(!sends_binary_from_a_bare_pointer<client>);
static_assert(sends_text_from_a_bare_pointer<client>);

TEST_F(Session, ConnectTimeout) {
  opts.liveness.connect_timeout = 2000ms;
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  advance(1999ms);
  EXPECT_FALSE(t().aborted);
  advance(1ms);
  EXPECT_TRUE(t().aborted);
  EXPECT_EQ(c->state(), connection_state::waiting);
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "error:" + std::error_code(errc::connect_timeout).message()),
            events.end());
}

TEST_F(Session, MissingPongIsDetectedAsHalfOpen) {
  opts.liveness.ping_interval = 1000ms;
  opts.liveness.pong_timeout = 500ms;
  make();
  connect_and_open();
  advance(1000ms);
  EXPECT_EQ(t().pings, 1);
  t().pong();
  advance(1000ms);
  EXPECT_EQ(t().pings, 2);
  advance(499ms);
  EXPECT_EQ(c->state(), connection_state::open);
  advance(1ms);
  EXPECT_TRUE(t().aborted);
  EXPECT_EQ(c->state(), connection_state::waiting);
  EXPECT_EQ(last_close.error, errc::pong_timeout);
  EXPECT_EQ(last_close.code, 1006);
}

TEST_F(Session, StatsCarryThePingRoundTripAndTheConnectionsAge) {
  opts.liveness.ping_interval = 1000ms;
  opts.liveness.pong_timeout = 500ms;
  make();
  connect_and_open();
  EXPECT_FALSE(c->stats().last_ping_rtt);
  advance(1000ms);
  ASSERT_EQ(t().pings, 1);
  advance(30ms);
  t().receive(message_kind::text, "not a pong");  // keeps the link alive, measures nothing
  advance(12ms);
  t().pong();
  EXPECT_EQ(c->stats().last_ping_rtt, std::chrono::microseconds{42'000});
  t().pong();  // unsolicited: the measurement stays
  EXPECT_EQ(c->stats().last_ping_rtt, std::chrono::microseconds{42'000});
  EXPECT_EQ(c->stats().connected_for, 1042ms);
  t().drop();
  EXPECT_EQ(c->stats().connected_for, 0ms);
}

TEST_F(Session, DrainFiresWhenWritesTakeTheBufferDownToTheLowWaterMark) {
  opts.low_water_mark = 5;
  make();
  int drains = 0;
  c->on_drain([&] { ++drains; });
  connect_and_open();
  c->send_text("123456");
  run();
  EXPECT_EQ(drains, 0);
  t().write_all();
  EXPECT_EQ(drains, 1);
  c->send_text("12");  // never above the mark
  run();
  t().write_all();
  EXPECT_EQ(drains, 1);
}

TEST_F(Session, OpenInfoCarriesTheUpgradeResponseHeaders) {
  make();
  std::vector<header> seen;
  c->on_open([&](const open_info& i) { seen = i.response_headers; });
  ASSERT_FALSE(c->connect("ws://127.0.0.1:9/echo"));
  run();
  t().open("", "", {{"Upgrade", "websocket"}, {"X-Server", "test"}});
  EXPECT_EQ(seen, (std::vector<header>{{"Upgrade", "websocket"}, {"X-Server", "test"}}));
}

TEST_F(Session, AnyInboundFrameCountsAsAPong) {
  opts.liveness.ping_interval = 1000ms;
  opts.liveness.pong_timeout = 500ms;
  make();
  connect_and_open();
  advance(1000ms);
  advance(200ms);
  t().receive(message_kind::text, "data");
  advance(400ms);
  EXPECT_EQ(c->state(), connection_state::open);
}

TEST_F(Session, SilenceWatchdogAndHeartbeat) {
  opts.liveness.heartbeat_interval = 1000ms;
  opts.liveness.heartbeat_message = "hb";
  opts.liveness.silence_timeout = 2500ms;
  make();
  connect_and_open();
  advance(1000ms);
  EXPECT_EQ(sent_texts(0), (strings{"hb"}));
  t().receive(message_kind::text, "hb-reply");  // at 1000
  advance(2499ms);                              // 3499: silent for 2499
  EXPECT_EQ(c->state(), connection_state::open);
  EXPECT_EQ(sent_texts(0).size(), 3U);
  advance(1ms);
  EXPECT_EQ(c->state(), connection_state::waiting);
  EXPECT_EQ(last_close.error, errc::silence_timeout);
}

TEST_F(Session, StaleEventsFromAnOldAttemptAreIgnored) {
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  auto old = (*be.made)[0];
  old->fail(errc::connect_failed);
  advance(100ms);
  ASSERT_EQ(be.attempts(), 2U);
  old->open();
  old->receive(message_kind::text, "ghost");
  old->drop();
  EXPECT_EQ(c->state(), connection_state::connecting);
  EXPECT_EQ(c->stats().messages_received, 0U);
}

TEST_F(Session, AttemptProviderChangesUrlAndHeadersPerAttempt) {
  opts.headers = {{"X-Static", "1"}};
  opts.attempt_provider = [](std::uint32_t attempt) {
    attempt_settings s;
    s.url = "ws://h/try" + std::to_string(attempt);
    s.headers = {{"Authorization", "Bearer token" + std::to_string(attempt)}};
    s.replace_headers = true;
    return s;
  };
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  EXPECT_EQ(t().request->target.target, "/try1");
  ASSERT_EQ(t().request->headers.size(), 1U);
  EXPECT_EQ(t().request->headers[0].second, "Bearer token1");
  t().fail(errc::handshake_rejected, 503);
  advance(100ms);
  EXPECT_EQ(t().request->target.target, "/try2");
  EXPECT_EQ(t().request->headers[0].second, "Bearer token2");
  t().open();
  EXPECT_EQ(events.back(), "open:2");
}

TEST_F(Session, AnAttemptProviderGivingAnInvalidUrlEndsTheAttemptAndGivesUp) {
  opts.attempt_provider = [](std::uint32_t) {
    attempt_settings s;
    s.url = "http://not-a-websocket/";
    return s;
  };
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  EXPECT_EQ(be.attempts(), 0U);
  EXPECT_EQ(c->state(), connection_state::closed);
  EXPECT_EQ(gave_up.reason, errc::not_retryable);
  EXPECT_EQ(gave_up.last_failure.error, errc::invalid_url);
  EXPECT_EQ(events.back(), "gave_up:" + std::error_code(errc::not_retryable).message());
}

TEST_F(Session, CloseTwiceReportsOneCloseEvent) {
  make();
  connect_and_open();
  ASSERT_FALSE(c->close());
  ASSERT_FALSE(c->close());
  run();
  t().server_close(1000);
  ASSERT_FALSE(c->close());
  run();
  EXPECT_EQ(events, (strings{"state:closing", "state:closed", "close:1000:final"}));
}

TEST_F(Session, TheTraceLogNamesEveryMoveAndWhatMadeIt) {
  std::vector<std::string> lines;
  opts.log = [&](log_level l, std::string_view text) {
    if (l == log_level::trace) {
      lines.emplace_back(text);
    }
  };
  opts.min_log_level = log_level::trace;
  make();
  connect_and_open();
  t().drop();
  advance(100ms);
  ASSERT_FALSE(c->close());
  run();
  EXPECT_EQ(lines,
            (strings{"idle -> connecting (begin_attempt)", "connecting -> open (opened)",
                     "open -> waiting (wait_to_retry)", "waiting -> connecting (begin_attempt)",
                     "connecting -> closed (finish)"}));
}

TEST_F(Session, ARefusedConnectIsLoggedOnlyAtOrAboveTheLogLevel) {
  std::vector<std::string> lines;
  opts.log = [&](log_level, std::string_view text) { lines.emplace_back(text); };
  opts.min_log_level = log_level::off;
  make();
  EXPECT_EQ(c->connect("http://h/"), errc::invalid_url);
  EXPECT_TRUE(lines.empty());
}

TEST_F(Session, DestructorStopsEverythingWithoutFurtherEvents) {
  make();
  connect_and_open();
  auto transport = be.made->back();
  c.reset();
  run();
  EXPECT_TRUE(transport->aborted);
  transport->receive(message_kind::text, "after destruction");
  transport->drop();
  advance(1h);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(be.clock->pending_timers(), 0U);
}

TEST_F(Session, RetriesPauseWhileOfflineAndResumeAtOnceWhenOnline) {
  make();
  connect_and_open();
  be.set_online(false);
  t().drop();
  EXPECT_EQ(events.back(), "reconnecting:2:100:offline");
  advance(1h);
  EXPECT_EQ(be.attempts(), 1U);  // no attempt while offline, however long
  EXPECT_EQ(c->state(), connection_state::waiting);
  be.set_online(true);
  EXPECT_EQ(be.attempts(), 2U);  // at once, not after the remaining delay
  t().open();
  EXPECT_EQ(c->state(), connection_state::open);
}

TEST_F(Session, GoingOfflineWhileWaitingCancelsTheTimer) {
  make();
  connect_and_open();
  t().drop();
  be.set_online(false);
  advance(1h);
  EXPECT_EQ(be.attempts(), 1U);
  be.set_online(true);
  EXPECT_EQ(be.attempts(), 2U);
}

TEST_F(Session, OnlineEventWhileWaitingRetriesPromptly) {
  opts.reconnect.initial_delay = 10'000ms;
  opts.reconnect.max_delay = 10'000ms;
  make();
  connect_and_open();
  t().drop();
  be.set_online(true);  // e.g. the network came back before the next try
  EXPECT_EQ(be.attempts(), 2U);
}

TEST_F(Session, LogSinkGetsLinesAtOrAboveItsLevel) {
  std::vector<std::pair<log_level, std::string>> lines;
  opts.log = [&](log_level l, std::string_view text) { lines.emplace_back(l, text); };
  opts.min_log_level = log_level::info;
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::connect_failed);
  ASSERT_FALSE(lines.empty());
  for (const auto& [level, text] : lines) {
    EXPECT_GE(level, log_level::info) << text;  // the debug "attempt 1 to ..." is filtered
  }
  EXPECT_NE(lines.back().second.find("reconnecting in 100 ms"), std::string::npos);
}

TEST_F(Session, NothingIsPrintedWithoutALogSink) {
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  make();
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  t().fail(errc::connect_failed);
  advance(100ms);
  t().open();
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

// Every handler may destroy the client; nothing runs after that, nothing crashes (the
// sanitizer build checks for use after free).
enum class destroy_in {
  state,
  open,
  message,
  close,
  error,
  reconnecting,
  gave_up,
  hook,
  classifier,
  attempt_provider
};

class DestroyInsideHandler : public Session, public ::testing::WithParamInterface<destroy_in> {};

TEST_P(DestroyInsideHandler, IsSafe) {
  int after_destroy = 0;
  bool destroyed = false;
  const auto kill = [this, &destroyed] {
    if (!destroyed) {
      destroyed = true;
      c.reset();
    }
  };
  const auto count = [&] { after_destroy += destroyed ? 1 : 0; };
  // User code the client asks for an answer: set with the options.
  if (GetParam() == destroy_in::classifier) {
    opts.reconnect.classifier = [&](const failure& f) {
      count();
      kill();
      return default_classifier(f);
    };
  }
  if (GetParam() == destroy_in::attempt_provider) {
    opts.attempt_provider = [&, calls = 0](std::uint32_t) mutable {
      count();
      if (++calls == 2) {
        kill();  // on the retry: the first attempt has failed and been reported
      }
      return attempt_settings{};
    };
  }
  make();
  switch (GetParam()) {
    case destroy_in::state:
    case destroy_in::classifier:
    case destroy_in::attempt_provider:
      break;  // the state handler below, or the options above, cover it
    case destroy_in::open:
      c->on_open([&](const open_info&) {
        count();
        kill();
      });
      break;
    case destroy_in::message:
      c->on_message([&](const message_view&) {
        count();
        kill();
      });
      break;
    case destroy_in::close:
      c->on_close([&](const close_info&) {
        count();
        kill();
      });
      break;
    case destroy_in::error:
      c->on_error([&](std::error_code, std::string_view) {
        count();
        kill();
      });
      break;
    case destroy_in::reconnecting:
      c->on_reconnecting([&](const reconnect_info&) {
        count();
        kill();
      });
      break;
    case destroy_in::gave_up:
      c->on_gave_up([&](const gave_up_info&) {
        count();
        kill();
      });
      break;
    case destroy_in::hook:
      c->on_open_hook([&](client&) {
        count();
        kill();
      });
      break;
  }
  c->on_state_change([&](connection_state s) {
    count();
    if (GetParam() == destroy_in::state && s == connection_state::open) {
      kill();
    }
  });
  c->send_text("queued");
  ASSERT_FALSE(c->connect("ws://h/"));
  run();
  auto first = be.made->back();
  first->fail(errc::connect_failed);  // error, reconnecting
  if (!destroyed) {
    advance(100ms);
    auto second = be.made->back();
    second->open();  // state, hook, open
    if (!destroyed) {
      second->receive(message_kind::text, "m");  // message
    }
    if (!destroyed) {
      second->server_close(4001);  // close, gave up
    }
    second->receive(message_kind::text, "after");
  }
  advance(1h);
  EXPECT_TRUE(destroyed);
  EXPECT_EQ(after_destroy, 0);
}

INSTANTIATE_TEST_SUITE_P(EveryHandler, DestroyInsideHandler,
                         ::testing::Values(destroy_in::state, destroy_in::open, destroy_in::message,
                                           destroy_in::close, destroy_in::error,
                                           destroy_in::reconnecting, destroy_in::gave_up,
                                           destroy_in::hook, destroy_in::classifier,
                                           destroy_in::attempt_provider));

}  // namespace
}  // namespace wsclient::test
