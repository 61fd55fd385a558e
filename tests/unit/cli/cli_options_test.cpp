// The command line of wsclient-cli: every option in both spellings, and every way of getting
// one wrong giving one clear error (exit status 2 in main).
#include "cli_options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client_access.hpp"
#include "event_report.hpp"
#include "fake_transport.hpp"
#include "linger.hpp"
#include "wsclient/client.hpp"

namespace wsclient::cli {
namespace {

using namespace std::chrono_literals;

constexpr const char* url_text = "ws://127.0.0.1:9/echo";
// --ca must name a file that can be read (checked while parsing); what is in it is not.
constexpr const char* readable_file = "/dev/null";

parse_result parse(std::vector<std::string> args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  return parse_arguments(views);
}

options parse_ok(std::vector<std::string> args) {
  const auto r = parse(std::move(args));
  EXPECT_TRUE(r.ok()) << r.error;
  return r.opts;
}

TEST(CliOptions, UrlAloneGivesTheDefaults) {
  const auto o = parse_ok({url_text});
  EXPECT_EQ(o.url, url_text);
  EXPECT_TRUE(o.sends.empty());
  EXPECT_FALSE(o.count);
  EXPECT_FALSE(o.timeout);
  EXPECT_FALSE(o.echo);
  EXPECT_TRUE(o.reconnect);
  EXPECT_FALSE(o.initial_delay);
  EXPECT_FALSE(o.max_delay);
  EXPECT_FALSE(o.max_attempts);
  EXPECT_FALSE(o.ping_interval);
  EXPECT_FALSE(o.ping_timeout);
  EXPECT_TRUE(o.ca_file.empty());
  EXPECT_FALSE(o.insecure);
  EXPECT_TRUE(o.headers.empty());
  EXPECT_TRUE(o.subprotocols.empty());
  EXPECT_TRUE(o.compression);
  EXPECT_FALSE(o.verbose);
  EXPECT_FALSE(o.quiet);
  EXPECT_FALSE(o.max_message_bytes);
  EXPECT_TRUE(o.proxy.empty());
  EXPECT_FALSE(o.no_proxy);
  EXPECT_FALSE(o.max_redirects);
  EXPECT_TRUE(o.resolve.empty());
  EXPECT_FALSE(o.help);
  EXPECT_TRUE(o.version.empty());
}

TEST(CliOptions, WssUrlsAreAccepted) {
  EXPECT_EQ(parse_ok({"wss://example.com/chat?room=1"}).url, "wss://example.com/chat?room=1");
}

// Each option with a value, in both spellings, gives the same result.
struct value_case {
  std::string option;
  std::string value;
  std::function<void(const options&)> check;
};

class CliOptionValues : public ::testing::TestWithParam<value_case> {};

TEST_P(CliOptionValues, SeparateAndEqualsFormsAgree) {
  const auto& c = GetParam();
  SCOPED_TRACE(c.option + " " + c.value);
  c.check(parse_ok({c.option, c.value, url_text}));
  c.check(parse_ok({c.option + "=" + c.value, url_text}));
  c.check(parse_ok({url_text, c.option, c.value}));  // options may follow the URL
}

INSTANTIATE_TEST_SUITE_P(
    EveryValueOption, CliOptionValues,
    ::testing::Values(
        value_case{
            "--send", "hello world",
            [](const options& o) { EXPECT_EQ(o.sends, std::vector<std::string>{"hello world"}); }},
        value_case{"--count", "3", [](const options& o) { EXPECT_EQ(o.count, 3U); }},
        value_case{"--timeout", "300", [](const options& o) { EXPECT_EQ(o.timeout, 300ms); }},
        value_case{"--initial-delay", "50",
                   [](const options& o) { EXPECT_EQ(o.initial_delay, 50ms); }},
        value_case{"--initial-delay", "0",
                   [](const options& o) { EXPECT_EQ(o.initial_delay, 0ms); }},
        value_case{"--max-delay", "2000", [](const options& o) { EXPECT_EQ(o.max_delay, 2000ms); }},
        value_case{"--max-attempts", "5", [](const options& o) { EXPECT_EQ(o.max_attempts, 5U); }},
        value_case{"--max-attempts", "0", [](const options& o) { EXPECT_EQ(o.max_attempts, 0U); }},
        value_case{"--ping-interval", "1000",
                   [](const options& o) { EXPECT_EQ(o.ping_interval, 1000ms); }},
        value_case{"--ping-interval", "0",
                   [](const options& o) { EXPECT_EQ(o.ping_interval, 0ms); }},
        value_case{"--ping-timeout", "250",
                   [](const options& o) { EXPECT_EQ(o.ping_timeout, 250ms); }},
        value_case{"--ca", readable_file,
                   [](const options& o) { EXPECT_EQ(o.ca_file, readable_file); }},
        value_case{"--header", "Authorization: Bearer a:b",
                   [](const options& o) {
                     ASSERT_EQ(o.headers.size(), 1U);
                     EXPECT_EQ(o.headers[0], (header{"Authorization", "Bearer a:b"}));
                   }},
        value_case{"--header", "X-Tight:value",
                   [](const options& o) {
                     ASSERT_EQ(o.headers.size(), 1U);
                     EXPECT_EQ(o.headers[0], (header{"X-Tight", "value"}));
                   }},
        value_case{"--header", "X-Empty:",
                   [](const options& o) {
                     ASSERT_EQ(o.headers.size(), 1U);
                     EXPECT_EQ(o.headers[0], (header{"X-Empty", ""}));
                   }},
        value_case{"--subprotocol", "chat.v2",
                   [](const options& o) {
                     EXPECT_EQ(o.subprotocols, std::vector<std::string>{"chat.v2"});
                   }},
        value_case{"--max-message-bytes", "1024",
                   [](const options& o) { EXPECT_EQ(o.max_message_bytes, 1024U); }},
        value_case{"--proxy", "socks5h://u:p%40@127.0.0.1:1080",
                   [](const options& o) { EXPECT_EQ(o.proxy, "socks5h://u:p%40@127.0.0.1:1080"); }},
        value_case{"--max-redirects", "0",
                   [](const options& o) { EXPECT_EQ(o.max_redirects, 0U); }},
        value_case{"--max-redirects", "25",
                   [](const options& o) { EXPECT_EQ(o.max_redirects, 25U); }},
        value_case{"--proxy", "proxy.corp:3128",
                   [](const options& o) { EXPECT_EQ(o.proxy, "proxy.corp:3128"); }},
        value_case{
            "--resolve", "Dual.test:8080:::1,127.0.0.1",
            [](const options& o) {
              ASSERT_EQ(o.resolve.size(), 1U);
              EXPECT_EQ(o.resolve[0].host, "Dual.test");
              EXPECT_EQ(o.resolve[0].port, 8080);
              EXPECT_EQ(o.resolve[0].addresses, (std::vector<std::string>{"::1", "127.0.0.1"}));
            }},
        value_case{"--resolve", "example.com:443:[2001:db8::1],192.0.2.1", [](const options& o) {
                     ASSERT_EQ(o.resolve.size(), 1U);
                     EXPECT_EQ(o.resolve[0].addresses,
                               (std::vector<std::string>{"2001:db8::1", "192.0.2.1"}));
                   }}));

TEST(CliOptions, Flags) {
  const auto o = parse_ok({"--echo", "--no-reconnect", "--insecure", "--no-compression",
                           "--verbose", "--quiet", url_text});
  EXPECT_TRUE(o.quiet);
  EXPECT_TRUE(o.echo);
  EXPECT_FALSE(o.reconnect);
  EXPECT_TRUE(o.insecure);
  EXPECT_FALSE(o.compression);
  EXPECT_TRUE(o.verbose);
}

TEST(CliOptions, RepeatedSendsKeepTheirOrder) {
  const auto o = parse_ok({"--send", "one", "--send=two", url_text, "--send", "three"});
  EXPECT_EQ(o.sends, (std::vector<std::string>{"one", "two", "three"}));
}

TEST(CliOptions, SendTakesEmptyTextAndTextThatLooksLikeAnOption) {
  EXPECT_EQ(parse_ok({"--send=", url_text}).sends, std::vector<std::string>{""});
  EXPECT_EQ(parse_ok({"--send=--echo", url_text}).sends, std::vector<std::string>{"--echo"});
  EXPECT_EQ(parse_ok({"--send", "-1", url_text}).sends, std::vector<std::string>{"-1"});
  EXPECT_EQ(parse_ok({"--send", "a=b", url_text}).sends, std::vector<std::string>{"a=b"});
}

TEST(CliOptions, RepeatedHeadersAndSubprotocolsKeepTheirOrder) {
  const auto o = parse_ok({"--header", "X-A: 1", "--header=X-B:  two words  ", "--subprotocol", "b",
                           "--subprotocol=a", url_text});
  EXPECT_EQ(o.headers, (std::vector<header>{{"X-A", "1"}, {"X-B", "two words"}}));
  EXPECT_EQ(o.subprotocols, (std::vector<std::string>{"b", "a"}));
}

TEST(CliOptions, LaterNumbersReplaceEarlierOnes) {
  EXPECT_EQ(parse_ok({"--count", "1", "--count=4", url_text}).count, 4U);
}

TEST(CliOptions, RepeatedSwitchesAreAccepted) {
  const auto o = parse_ok({"--echo", "--verbose", "--echo", url_text, "--verbose"});
  EXPECT_TRUE(o.echo);
  EXPECT_TRUE(o.verbose);
}

TEST(CliOptions, AnUnknownOptionIsReportedBeforeTheMissingUrl) {
  EXPECT_EQ(parse({"--bogus"}).error, "unknown option \"--bogus\" (see --help)");
  EXPECT_EQ(parse({"--echo"}).error, "missing URL (see --help)");
}

TEST(CliOptions, DoubleDashEndsOptions) {
  const auto o = parse_ok({"--echo", "--", url_text});
  EXPECT_TRUE(o.echo);
  EXPECT_EQ(o.url, url_text);
  // After "--", even something that looks like an option is the URL (and here an invalid one).
  EXPECT_NE(parse({"--", "--echo"}).error.find("invalid URL"), std::string::npos);
}

TEST(CliOptions, HelpWinsOverEverythingElse) {
  EXPECT_TRUE(parse({"--help"}).opts.help);
  EXPECT_TRUE(parse({"-h"}).opts.help);
  const auto r = parse({"--bogus", "--count", "x", "--help"});
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.opts.help);
  EXPECT_FALSE(parse({"--", "--help"}).opts.help);  // after "--" it is an (invalid) URL
}

// The version is the CMake project's (one place: project() in CMakeLists.txt).
TEST(CliOptions, VersionNeedsNoUrl) {
  const auto r = parse({"--version"});
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.opts.version, std::string("wsclient-cli ") + WSCLIENT_VERSION);
  EXPECT_EQ(parse({"--echo", "--version", url_text}).opts.version, r.opts.version);
}

// Bad command lines: each gives one line naming what is wrong.
struct error_case {
  std::vector<std::string> args;
  std::string expected;  // a substring of the error
};

class CliOptionErrors : public ::testing::TestWithParam<error_case> {};

TEST_P(CliOptionErrors, AreReportedAsOneLine) {
  const auto& c = GetParam();
  const auto r = parse(c.args);
  ASSERT_FALSE(r.ok()) << "accepted: " << ::testing::PrintToString(c.args);
  EXPECT_NE(r.error.find(c.expected), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
}

INSTANTIATE_TEST_SUITE_P(
    Unknown, CliOptionErrors,
    ::testing::Values(error_case{{"--bogus", url_text}, "unknown option \"--bogus\" (see --help)"},
                      error_case{{"--bogus=1", url_text},
                                 "unknown option \"--bogus\" (see --help)"},
                      error_case{{"-x", url_text}, "unknown option \"-x\""},
                      error_case{{"--Count", "1", url_text}, "unknown option \"--Count\""},
                      error_case{{"--=1", url_text}, "unknown option"}));

INSTANTIATE_TEST_SUITE_P(
    MissingValue, CliOptionErrors,
    ::testing::Values(error_case{{url_text, "--count"}, "--count: needs a value"},
                      error_case{{url_text, "--send"}, "--send: needs a value"},
                      error_case{{"--count", "--echo", url_text}, "--count: needs a value"},
                      error_case{{"--header", "--echo", url_text}, "--header: needs a value"},
                      error_case{{url_text, "--timeout"}, "--timeout: needs a value"},
                      error_case{{url_text, "--initial-delay"}, "--initial-delay: needs a value"},
                      error_case{{url_text, "--max-delay"}, "--max-delay: needs a value"},
                      error_case{{url_text, "--max-attempts"}, "--max-attempts: needs a value"},
                      error_case{{url_text, "--ping-interval"}, "--ping-interval: needs a value"},
                      error_case{{url_text, "--ping-timeout"}, "--ping-timeout: needs a value"},
                      error_case{{url_text, "--ca"}, "--ca: needs a value"},
                      error_case{{url_text, "--subprotocol"}, "--subprotocol: needs a value"},
                      error_case{{url_text, "--max-message-bytes"},
                                 "--max-message-bytes: needs a value"}));

INSTANTIATE_TEST_SUITE_P(
    NotANumber, CliOptionErrors,
    ::testing::Values(
        error_case{{"--count", "abc", url_text}, "--count: \"abc\" is not a number"},
        error_case{{"--count=3x", url_text},
                   "--count: \"3x\" is not a number; expected an integer of at least 1"},
        error_case{{"--count=", url_text}, "--count: needs a non-empty value"},
        error_case{{"--count", "+3", url_text}, "\"+3\" is not a number"},
        error_case{{"--count", " 3", url_text}, "\" 3\" is not a number"},
        error_case{{"--count", "0x10", url_text}, "\"0x10\" is not a number"},
        error_case{{"--timeout", "1.5", url_text}, "--timeout: \"1.5\" is not a number"},
        error_case{{"--timeout", "300ms", url_text}, "--timeout: \"300ms\" is not a number"},
        error_case{{"--initial-delay", "soon", url_text}, "--initial-delay: \"soon\" is not"},
        error_case{{"--max-delay", "x", url_text}, "--max-delay: \"x\" is not"},
        error_case{{"--max-attempts", "many", url_text}, "--max-attempts: \"many\" is not"},
        error_case{{"--max-redirects", "ten", url_text}, "--max-redirects: \"ten\" is not"},
        error_case{{"--ping-interval", "1e3", url_text}, "--ping-interval: \"1e3\" is not"},
        error_case{{"--ping-timeout", "-", url_text}, "--ping-timeout: \"-\" is not a number"},
        error_case{{"--max-message-bytes", "1MB", url_text},
                   "--max-message-bytes: \"1MB\" is not a number"}));

INSTANTIATE_TEST_SUITE_P(
    Negative, CliOptionErrors,
    ::testing::Values(error_case{{"--count", "-1", url_text}, "--count: \"-1\" is negative"},
                      error_case{{"--timeout=-5", url_text}, "--timeout: \"-5\" is negative"},
                      error_case{{"--initial-delay", "-1", url_text}, "is negative"},
                      error_case{{"--max-delay=-100", url_text}, "is negative"},
                      error_case{{"--max-attempts", "-2", url_text}, "is negative"},
                      error_case{{"--max-redirects", "-1", url_text}, "is negative"},
                      error_case{{"--ping-interval", "-1", url_text}, "is negative"},
                      error_case{{"--ping-timeout", "-1", url_text}, "is negative"}));

INSTANTIATE_TEST_SUITE_P(
    OutOfRange, CliOptionErrors,
    ::testing::Values(
        error_case{{"--count", "0", url_text},
                   "--count: \"0\" is out of range; expected an integer of at least 1"},
        error_case{{"--timeout", "0", url_text},
                   "--timeout: \"0\" is out of range; expected an integer from 1 to"},
        error_case{{"--ping-timeout", "0", url_text}, "expected an integer from 1 to"},
        error_case{{"--count", "99999999999999999999999", url_text}, "is out of range"},
        error_case{{"--timeout", "9999999999", url_text}, "is out of range"},
        error_case{{"--max-attempts", "4294967296", url_text}, "from 0 to 4294967295"},
        error_case{{"--max-redirects", "4294967296", url_text}, "from 0 to 4294967295"},
        error_case{{"--max-message-bytes", "0", url_text},
                   "--max-message-bytes: \"0\" is out of range; expected an integer of at least 1"},
        error_case{{"--initial-delay", "500", "--max-delay", "100", url_text},
                   "--initial-delay (500) must not exceed --max-delay (100)"}));

INSTANTIATE_TEST_SUITE_P(
    FlagsTakeNoValue, CliOptionErrors,
    ::testing::Values(error_case{{"--echo=yes", url_text}, "--echo: takes no value"},
                      error_case{{"--no-reconnect=1", url_text}, "--no-reconnect: takes no value"},
                      error_case{{"--insecure=true", url_text}, "--insecure: takes no value"},
                      error_case{{"--verbose=", url_text}, "--verbose: takes no value"},
                      error_case{{"--help=1", url_text}, "--help: takes no value"},
                      error_case{{"--quiet=1", url_text}, "--quiet: takes no value"},
                      error_case{{"--no-proxy=1", url_text}, "--no-proxy: takes no value"},
                      error_case{{"--version=1"}, "--version: takes no value"}));

INSTANTIATE_TEST_SUITE_P(
    BadHeadersAndNames, CliOptionErrors,
    ::testing::Values(
        error_case{{"--header", "NoColon", url_text},
                   "--header: \"NoColon\" is not a header; expected \"Name: value\""},
        error_case{{"--header=", url_text}, "expected \"Name: value\""},
        error_case{{"--header", ": value", url_text}, "header name must be a non-empty token"},
        error_case{{"--header", "Bad Name: v", url_text}, "header name must be a non-empty token"},
        error_case{{"--header", "X-A: a\r\nX-Injected: 1", url_text}, "must not contain CR, LF"},
        error_case{{"--subprotocol", "a b", url_text}, "--subprotocol: \"a b\" is not a token"},
        error_case{{"--subprotocol=", url_text}, "--subprotocol: \"\" is not a token"},
        error_case{{"--ca=", url_text}, "--ca: needs a non-empty value"}));

// A file is read at each connection attempt, maybe after minutes of retries: one that cannot
// be read is a bad command line, found at once (unreadable for want of permission: see
// cli_exit_status_test.cpp, which can drop root's privileges).
INSTANTIATE_TEST_SUITE_P(
    UnreadableFiles, CliOptionErrors,
    ::testing::Values(
        error_case{{"--ca", "/nonexistent/ca.pem", url_text},
                   "--ca: cannot read \"/nonexistent/ca.pem\": No such file or directory"},
        error_case{{"--ca=/", url_text}, "--ca: \"/\" is a directory"}));

INSTANTIATE_TEST_SUITE_P(
    BadProxies, CliOptionErrors,
    ::testing::Values(
        error_case{{"--proxy", "ftp://p:21", url_text},
                   "--proxy: \"ftp://p:21\": proxy: proxy scheme must be http, https, socks5"},
        error_case{{"--proxy", "http://p:0", url_text}, "port must be a number from 1 to 65535"},
        error_case{{"--proxy", "http://p/path", url_text}, "has no path"},
        error_case{{"--proxy", "http://u:%zz@p", url_text}, "invalid percent-encoding"},
        error_case{{"--proxy=", url_text}, "--proxy: needs a non-empty value"},
        error_case{{"--proxy", "http://p:1", "--no-proxy", url_text}, "--no-proxy"}));

// curl's --resolve syntax, each address an IP literal (nothing is looked up for an override).
INSTANTIATE_TEST_SUITE_P(
    BadResolves, CliOptionErrors,
    ::testing::Values(
        error_case{{"--resolve", "h:80", url_text},
                   "--resolve: \"h:80\" is not HOST:PORT:ADDRESS[,ADDRESS...]"},
        error_case{{"--resolve", ":80:127.0.0.1", url_text}, "is not HOST:PORT:ADDRESS"},
        error_case{{"--resolve", "h:0:127.0.0.1", url_text}, "port must be a number from 1"},
        error_case{{"--resolve", "h:65536:127.0.0.1", url_text}, "port must be a number from 1"},
        error_case{{"--resolve", "h:x:127.0.0.1", url_text}, "port must be a number from 1"},
        error_case{{"--resolve", "h:80:localhost", url_text},
                   "\"localhost\" is not an IPv4 or IPv6 address"},
        error_case{{"--resolve", "h:80:127.0.0.1,", url_text}, "\"\" is not an IPv4"},
        error_case{{"--resolve", "h:80:", url_text}, "is not an IPv4"},
        error_case{{"--resolve=", url_text}, "--resolve: \"\" is not HOST:PORT"}));

INSTANTIATE_TEST_SUITE_P(
    BadUrls, CliOptionErrors,
    ::testing::Values(error_case{{}, "missing URL"}, error_case{{"--echo"}, "missing URL"},
                      error_case{{url_text, "ws://other/"}, "unexpected argument \"ws://other/\""},
                      error_case{{"http://127.0.0.1/"}, "invalid URL \"http://127.0.0.1/\""},
                      error_case{{"not a url"}, "invalid URL"},
                      error_case{{"ws://"}, "invalid URL"},
                      error_case{{"ws://host/#frag"}, "invalid URL"},
                      error_case{{"ws://host:99999/"}, "invalid URL"},
                      error_case{{"-"}, "invalid URL \"-\""}));

TEST(CliOptions, ArgcArgvSkipsTheProgramName) {
  const char* argv[] = {"wsclient-cli", "--count", "2", url_text};
  const auto r = parse_arguments(4, argv);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.opts.count, 2U);
  EXPECT_EQ(r.opts.url, url_text);
}

// Every option but --help and --version, which state no default.
const std::vector<std::string> options_with_a_default{"--send",
                                                      "--count",
                                                      "--timeout",
                                                      "--echo",
                                                      "--no-reconnect",
                                                      "--initial-delay",
                                                      "--max-delay",
                                                      "--max-attempts",
                                                      "--ping-interval",
                                                      "--ping-timeout",
                                                      "--ca",
                                                      "--insecure",
                                                      "--header",
                                                      "--subprotocol",
                                                      "--no-compression",
                                                      "--max-message-bytes",
                                                      "--proxy",
                                                      "--no-proxy",
                                                      "--max-redirects",
                                                      "--resolve",
                                                      "--quiet",
                                                      "--verbose"};

TEST(CliOptions, UsageNamesEveryOption) {
  const auto text = usage_text();
  auto names = options_with_a_default;
  names.insert(names.end(), {"--help", "--version"});
  for (const auto& name : names) {
    EXPECT_NE(text.find(name), std::string::npos) << name;
  }
  EXPECT_TRUE(text.starts_with("Usage: wsclient-cli"));
}

/// The line of the --help text that describes option `name`.
std::string usage_line(std::string_view name) {
  const auto text = usage_text();
  const auto at = text.find("  " + std::string(name) + " ");
  if (at == std::string::npos) {
    return {};
  }
  return text.substr(at, text.find('\n', at) - at);
}

std::string default_of(std::chrono::milliseconds d) {
  return "(default: " + std::to_string(d.count()) + ")";
}

// The defaults the help shows are the library's, read from client_options{}: when one
// changes there, the help follows.
TEST(CliHelp, ShowsTheLibrarysDefaults) {
  const client_options d;
  EXPECT_NE(usage_line("--initial-delay").find(default_of(d.reconnect.initial_delay)),
            std::string::npos)
      << usage_line("--initial-delay");
  EXPECT_NE(usage_line("--max-delay").find(default_of(d.reconnect.max_delay)), std::string::npos)
      << usage_line("--max-delay");
  EXPECT_NE(usage_line("--ping-timeout").find(default_of(d.liveness.pong_timeout)),
            std::string::npos)
      << usage_line("--ping-timeout");
  EXPECT_NE(usage_line("--max-attempts")
                .find("(default: " + std::to_string(d.reconnect.max_attempts) + ")"),
            std::string::npos)
      << usage_line("--max-attempts");
  EXPECT_NE(usage_line("--no-reconnect").find("(default: reconnect on)"), std::string::npos)
      << usage_line("--no-reconnect");
  EXPECT_NE(usage_line("--no-compression").find("(default: compression on)"), std::string::npos)
      << usage_line("--no-compression");
  EXPECT_NE(usage_line("--max-message-bytes")
                .find("(default: " + std::to_string(d.max_message_bytes) + ")"),
            std::string::npos)
      << usage_line("--max-message-bytes");
}

// The layout is the demo server's (command_line::help_formatter): every option states its
// default, the exit statuses are the program's own constants.
TEST(CliHelp, EveryOptionStatesItsDefault) {
  const auto text = usage_text();
  for (const auto& name : options_with_a_default) {
    EXPECT_NE(usage_line(name).find("(default: "), std::string::npos) << usage_line(name);
  }
  EXPECT_NE(usage_line("--count").find("at least 1 (default: none"), std::string::npos)
      << usage_line("--count");
  EXPECT_NE(usage_line("--timeout").find("1-2147483647 (default: none)"), std::string::npos)
      << usage_line("--timeout");
  EXPECT_NE(text.find("--name VALUE or --name=VALUE"), std::string::npos) << text;
  EXPECT_NE(text.find("\n  " + std::to_string(exit_status::usage) +
                      "  bad command line (a file that cannot be read included)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n  " + std::to_string(exit_status::timeout) + "  --timeout expired"),
            std::string::npos)
      << text;
}

TEST(CliHelp, ShowsHowLongItWaitsForRepliesAfterEndOfInput) {
  EXPECT_NE(usage_text().find("(" + std::to_string(linger_quiet.count()) +
                              " ms without a message, at most " +
                              std::to_string(linger_max.count()) + " ms)"),
            std::string::npos)
      << usage_text();
}

// The library keeps its ping period private (sdk/src/session.cpp): the figure the help
// shows is checked against what a client that can ping does with the default options.
TEST(CliHelp, PingIntervalIsWhatTheLibraryDoes) {
  const auto line = usage_line("--ping-interval");
  const std::string_view label = "(default: ";
  const auto at = line.find(label);
  ASSERT_NE(at, std::string::npos) << line;
  const milliseconds shown{std::stoll(line.substr(at + label.size()))};

  test::fake_backend backend;  // can ping, as a native client can
  ASSERT_TRUE(backend.caps.protocol_ping);
  auto c = detail::client_access::make(make_client_options(parse_ok({url_text})), backend.make());
  ASSERT_FALSE(c->connect(url_text));
  backend.clock->run_posted();
  backend.last().open();
  backend.clock->advance(shown - 1ms);
  EXPECT_EQ(backend.last().pings, 0);
  backend.clock->advance(1ms);
  EXPECT_EQ(backend.last().pings, 1);
  c.reset();
  backend.clock->run_posted();
}

// The client configuration the options turn into.

TEST(CliClientOptions, DefaultsAreTheLibrarysAndValid) {
  const auto c = make_client_options(parse_ok({url_text}));
  const client_options d;
  EXPECT_TRUE(c.reconnect.enabled);
  EXPECT_EQ(c.reconnect.initial_delay, d.reconnect.initial_delay);
  EXPECT_EQ(c.reconnect.max_delay, d.reconnect.max_delay);
  EXPECT_EQ(c.reconnect.max_attempts, 0U);
  EXPECT_FALSE(c.liveness.ping_interval);  // the library's default (20 s natively)
  EXPECT_EQ(c.liveness.pong_timeout, d.liveness.pong_timeout);
  EXPECT_FALSE(c.tls.insecure_skip_verify);
  EXPECT_TRUE(c.tls.ca_file.empty());
  EXPECT_TRUE(c.compression.enabled);
  EXPECT_FALSE(c.log);
  EXPECT_EQ(c.min_log_level, log_level::info);
  EXPECT_EQ(c.max_message_bytes, d.max_message_bytes);
  EXPECT_TRUE(c.proxy.empty());
  EXPECT_EQ(c.proxy_from_environment, d.proxy_from_environment);
  EXPECT_FALSE(client::check_options(c));
  EXPECT_EQ(
      make_client_options(parse_ok({"--max-message-bytes", "10", url_text})).max_message_bytes,
      10U);
}

TEST(CliClientOptions, EveryOptionMapsToItsField) {
  const auto c = make_client_options(parse_ok({"--no-reconnect",
                                               "--initial-delay",
                                               "50",
                                               "--max-delay",
                                               "400",
                                               "--max-attempts",
                                               "7",
                                               "--ping-interval",
                                               "0",
                                               "--ping-timeout",
                                               "300",
                                               "--ca",
                                               readable_file,
                                               "--insecure",
                                               "--header",
                                               "X-A: 1",
                                               "--header",
                                               "X-B: 2",
                                               "--subprotocol",
                                               "chat",
                                               "--no-compression",
                                               "--verbose",
                                               url_text}));
  EXPECT_FALSE(c.reconnect.enabled);
  EXPECT_EQ(c.reconnect.initial_delay, 50ms);
  EXPECT_EQ(c.reconnect.max_delay, 400ms);
  EXPECT_EQ(c.reconnect.max_attempts, 7U);
  EXPECT_EQ(c.liveness.ping_interval, 0ms);  // 0: no pings
  EXPECT_EQ(c.liveness.pong_timeout, 300ms);
  EXPECT_EQ(c.tls.ca_file, readable_file);
  EXPECT_TRUE(c.tls.insecure_skip_verify);
  EXPECT_EQ(c.headers, (std::vector<header>{{"X-A", "1"}, {"X-B", "2"}}));
  EXPECT_EQ(c.subprotocols, std::vector<std::string>{"chat"});
  EXPECT_FALSE(c.compression.enabled);
  EXPECT_EQ(c.min_log_level, log_level::debug);
  EXPECT_FALSE(client::check_options(c));
  EXPECT_EQ(make_client_options(parse_ok({"--proxy", "socks5://h", url_text})).proxy, "socks5://h");
  EXPECT_FALSE(make_client_options(parse_ok({"--no-proxy", url_text})).proxy_from_environment);
  EXPECT_EQ(make_client_options(parse_ok({"--max-redirects", "0", url_text})).max_redirects, 0U);
  EXPECT_EQ(make_client_options(parse_ok({url_text})).max_redirects,
            client_options{}.max_redirects);
  const auto resolved = make_client_options(
      parse_ok({"--resolve", "a.test:80:127.0.0.1", "--resolve", "b.test:81:::1", url_text}));
  ASSERT_EQ(resolved.resolve.size(), 2U);
  EXPECT_EQ(resolved.resolve[0].host, "a.test");
  EXPECT_EQ(resolved.resolve[1].port, 81);
  EXPECT_EQ(resolved.resolve[1].addresses, std::vector<std::string>{"::1"});
}

TEST(CliClientOptions, OneDelayAloneNeverContradictsTheOthersDefault) {
  const auto low_max = make_client_options(parse_ok({"--max-delay", "100", url_text}));
  EXPECT_EQ(low_max.reconnect.max_delay, 100ms);
  EXPECT_EQ(low_max.reconnect.initial_delay, 100ms);
  EXPECT_FALSE(client::check_options(low_max));

  const auto high_initial = make_client_options(parse_ok({"--initial-delay", "60000", url_text}));
  EXPECT_EQ(high_initial.reconnect.initial_delay, 60000ms);
  EXPECT_EQ(high_initial.reconnect.max_delay, 60000ms);
  EXPECT_FALSE(client::check_options(high_initial));

  const auto zero = make_client_options(parse_ok({"--max-delay", "0", url_text}));
  EXPECT_EQ(zero.reconnect.initial_delay, 0ms);
  EXPECT_FALSE(client::check_options(zero));
}

}  // namespace
}  // namespace wsclient::cli
