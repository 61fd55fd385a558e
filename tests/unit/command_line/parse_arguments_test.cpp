#include "parse_arguments.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "help_formatter.hpp"
#include "typed_options.hpp"

namespace wsclient::command_line {
namespace {

using namespace std::chrono_literals;

// A small program's command line: a port, an optional count, a duration, an optional duration,
// a host, a repeatable tag, a switch and (when asked) one positional URL, required or not.
struct program {
  enum class url_kind { none, optional, required };

  explicit program(url_kind with_url = url_kind::none,
                   CLI::MultiOptionPolicy repeated = CLI::MultiOptionPolicy::Throw) {
    app.option_defaults()->multi_option_policy(repeated);
    add_integer(app, "--port", port, 0, 65535, "TCP port");
    add_integer(app, "--count", count, 1, 10, "how many")->default_str("none");
    add_milliseconds(app, "--timeout-ms", timeout, 1, 1000, "time allowed");
    add_milliseconds(app, "--interval-ms", interval, 1, 1000, "fixed interval")
        ->default_str("random");
    add_text(app, "--host", host, "address");
    add_repeatable(
        app, "--tag", [this](const std::string& tag) { tags.push_back(tag); }, "a tag");
    add_switch(
        app, "--verbose", [this] { verbose = true; }, "say more")
        ->default_str(on_off(verbose));
    if (with_url != url_kind::none) {
      app.add_option("url", url, "where to connect")->required(with_url == url_kind::required);
    }
  }

  parse_outcome parse(const std::vector<std::string_view>& args,
                      help_rule help = help_rule::after_checks) {
    return parse_arguments(app, args, help);
  }

  CLI::App app{"A test program.", "prog"};
  std::uint16_t port = 8080;
  std::optional<std::uint32_t> count;
  std::chrono::milliseconds timeout{250};
  std::optional<std::chrono::milliseconds> interval;
  std::string host = "localhost";
  std::vector<std::string> tags;
  bool verbose = false;
  std::string url;
};

TEST(ParseArguments, SetsWhatIsGivenAndLeavesTheRest) {
  program p;
  const auto outcome =
      p.parse({"--port=0080", "--interval-ms", "20", "--count=3", "--host", "h", "--verbose"});
  EXPECT_FALSE(outcome.help);
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(p.port, 80);
  EXPECT_EQ(p.timeout, 250ms);
  EXPECT_EQ(p.interval, 20ms);
  EXPECT_EQ(p.count, 3U);
  EXPECT_EQ(p.host, "h");
  EXPECT_TRUE(p.verbose);
}

TEST(ParseArguments, NothingGivenChangesNothing) {
  program p;
  EXPECT_EQ(p.parse({}).error, "");
  EXPECT_EQ(p.port, 8080);
  EXPECT_FALSE(p.count);
  EXPECT_FALSE(p.interval);
  EXPECT_EQ(p.host, "localhost");
  EXPECT_TRUE(p.tags.empty());
  EXPECT_FALSE(p.verbose);
}

TEST(ParseArguments, RepeatableOptionsKeepEveryValueInOrder) {
  program p;
  EXPECT_EQ(p.parse({"--tag", "b", "--tag=", "--port", "1", "--tag=--port", "--tag", "-1"}).error,
            "");
  EXPECT_EQ(p.tags, (std::vector<std::string>{"b", "", "--port", "-1"}));
}

TEST(ParseArguments, RepeatedOptionsFollowTheAppsPolicySwitchesIncluded) {
  program last(program::url_kind::none, CLI::MultiOptionPolicy::TakeLast);
  EXPECT_EQ(last.parse({"--port", "1", "--verbose", "--port=2", "--verbose"}).error, "");
  EXPECT_EQ(last.port, 2);
  EXPECT_TRUE(last.verbose);
  program once;  // CLI11's default policy: an error
  EXPECT_EQ(once.parse({"--verbose", "--verbose"}).error,
            "--verbose: At Most 1 required but received 2");
}

// The rules parse_arguments() adds to CLI11's, before "--".
TEST(ParseArguments, ValuesAreWhereTheyBelong) {
  const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases{
      {{"--verbose=yes"}, "--verbose: takes no value"},
      {{"--verbose="}, "--verbose: takes no value"},
      {{"--help=1"}, "--help: takes no value"},
      {{"--port"}, "--port: needs a value"},
      {{"--port", "--verbose"}, "--port: needs a value, but got the option \"--verbose\""},
      {{"--tag", "--bogus=1"}, "--tag: needs a value, but got the option \"--bogus\""},
      {{"--port="}, "--port: needs a non-empty value"},
      {{"--host="}, "--host: needs a non-empty value"},
      {{"--port=--verbose"}, "--port: needs a value, but got the option \"--verbose\""},
  };
  for (const auto& [args, error] : cases) {
    program p;
    EXPECT_EQ(p.parse(args).error, error) << error;
  }
  program with_url(program::url_kind::optional);
  EXPECT_EQ(with_url.parse({"--port", "--", "x"}).error, "--port: needs a value");
  program after_dash_dash(program::url_kind::optional);
  EXPECT_EQ(after_dash_dash.parse({"--", "--verbose=1"}).error, "");
  EXPECT_EQ(after_dash_dash.url, "--verbose=1");
  EXPECT_FALSE(after_dash_dash.verbose);
}

TEST(ParseArguments, AnUnknownArgumentIsReportedBeforeAMissingOne) {
  program unknown(program::url_kind::required);
  EXPECT_EQ(unknown.parse({"--bogus"}).error, "unknown option \"--bogus\" (see --help)");
  program missing(program::url_kind::required);
  EXPECT_EQ(missing.parse({"--port", "1"}).error, "missing url (see --help)");
  program given(program::url_kind::required);
  EXPECT_EQ(given.parse({"x"}).error, "");
  EXPECT_EQ(given.url, "x");
}

TEST(ParseArguments, HelpIsReportedNotPrinted) {
  program p;
  testing::internal::CaptureStdout();
  const auto outcome = p.parse({"--port", "1", "-h"});
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_TRUE(outcome.help);
  EXPECT_EQ(outcome.error, "");
}

TEST(ParseArguments, VersionIsReportedNotPrintedAndNeedsNothingElse) {
  const auto parse = [](const std::vector<std::string_view>& args) {
    program p(program::url_kind::required);
    p.app.set_version_flag("--version", "prog 1.2.3", "print the version and exit");
    testing::internal::CaptureStdout();
    const auto outcome = p.parse(args);
    EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
    return outcome;
  };
  const auto outcome = parse({"--verbose", "--version"});
  EXPECT_EQ(outcome.version, "prog 1.2.3");
  EXPECT_EQ(outcome.error, "");  // no "missing url"
  EXPECT_EQ(parse({"--version=1"}).error, "--version: takes no value");
  EXPECT_EQ(parse({"x"}).version, "");
}

TEST(ParseArguments, LeftOverArgumentsAreNamed) {
  const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases{
      {{"--bogus"}, "unknown option \"--bogus\" (see --help)"},
      {{"--bogus=1"}, "unknown option \"--bogus\" (see --help)"},
      {{"-p", "80"}, "unknown option \"-p\" (see --help)"},
      {{"80"}, "unexpected argument \"80\" (see --help)"},
      {{"-"}, "unexpected argument \"-\" (see --help)"},
      {{"--port", "1", "x\ny"}, "unexpected argument \"x?y\" (see --help)"},
      {{"--"}, "unknown option \"--\" (see --help)"},
  };
  for (const auto& [args, error] : cases) {
    program p;
    EXPECT_EQ(p.parse(args).error, error) << error;
  }
}

TEST(ParseArguments, DoubleDashEndsOptionsWhenAPositionalCanFollow) {
  program p(program::url_kind::optional);
  EXPECT_EQ(p.parse({"--port", "1", "--", "--odd-url"}).error, "");
  EXPECT_EQ(p.url, "--odd-url");
  program q(program::url_kind::optional);
  EXPECT_EQ(q.parse({"a", "b"}).error, "unexpected argument \"b\" (see --help)");
}

TEST(ParseArguments, Cli11ErrorsKeepTheirWordingOnOneLine) {
  const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases{
      {{"--port", "8\n0"}, "--port: \"8?0\" is not a number; expected an integer from 0 to 65535"},
      {{"--timeout-ms", "0"},
       "--timeout-ms: \"0\" is out of range; expected an integer from 1 to 1000"},
      {{"--interval-ms=1001"},
       "--interval-ms: \"1001\" is out of range; expected an integer from 1 to 1000"},
      {{"--port", "1", "--port", "2"}, "--port: At Most 1 required but received 2"},
      {{"--verbose", "--verbose"}, "--verbose: At Most 1 required but received 2"},
  };
  for (const auto& [args, error] : cases) {
    program p;
    EXPECT_EQ(p.parse(args).error, error) << error;
  }
}

TEST(ParseArguments, AnErrorBeforeHelpWins) {
  program p;
  const auto outcome = p.parse({"--port", "x", "--help"});
  EXPECT_FALSE(outcome.help);
  EXPECT_NE(outcome.error, "");
}

TEST(ParseArguments, HelpCanWinOverAnyError) {
  const std::vector<std::vector<std::string_view>> cases{{"--port", "x", "--help"},
                                                         {"--bogus", "-h"},
                                                         {"--port", "--help"},
                                                         {"--verbose=1", "--help"}};
  for (const auto& args : cases) {
    program p(program::url_kind::required);
    const auto outcome = p.parse(args, help_rule::wins);
    EXPECT_TRUE(outcome.help) << outcome.error;
    EXPECT_EQ(outcome.error, "");
    EXPECT_EQ(p.port, 8080);  // nothing was parsed
  }
  program p(program::url_kind::required);
  const auto outcome = p.parse({"--", "--help"}, help_rule::wins);  // a URL
  EXPECT_FALSE(outcome.help);
  EXPECT_EQ(p.url, "--help");
}

TEST(ParseArguments, NeverThrows) {
  program p;
  p.app.add_option_function<std::string>(
      "--explode", [](const std::string&) { throw std::runtime_error("boom\nbang"); }, "");
  EXPECT_EQ(p.parse({"--explode", "now"}).error, "boom?bang");
}

TEST(HelpFormatter, EveryOptionLineShowsItsValueNameAndDefault) {
  program p;
  p.app.formatter(std::make_shared<help_formatter>());
  const auto help = p.app.help();
  EXPECT_TRUE(help.starts_with("Usage: prog [OPTIONS]\n\nA test program.\n")) << help;
  EXPECT_NE(help.find("--port N"), std::string::npos) << help;
  EXPECT_NE(help.find("TCP port, 0-65535 (default: 8080)"), std::string::npos) << help;
  EXPECT_NE(help.find("time allowed, 1-1000 (default: 250)"), std::string::npos) << help;
  EXPECT_NE(help.find("fixed interval, 1-1000 (default: random)"), std::string::npos) << help;
  EXPECT_NE(help.find("say more (default: off)"), std::string::npos) << help;
  EXPECT_NE(help.find("--count N"), std::string::npos) << help;
  EXPECT_NE(help.find("how many, 1-10 (default: none)"), std::string::npos) << help;
  EXPECT_NE(help.find("--timeout-ms MS"), std::string::npos) << help;
  EXPECT_NE(help.find("--host TEXT"), std::string::npos) << help;
  EXPECT_NE(help.find("address (default: localhost)"), std::string::npos) << help;
  EXPECT_NE(help.find("a tag (default: none)"), std::string::npos) << help;
  // CLI11's own "=8080", "UINT" and validator names stay out.
  EXPECT_EQ(help.find("=8080"), std::string::npos) << help;
  EXPECT_EQ(help.find("UINT"), std::string::npos) << help;
}

TEST(HelpFormatter, EndsWithHowValuesAreWrittenThenTheFooter) {
  program p;
  p.app.formatter(std::make_shared<help_formatter>());
  p.app.footer("Notes.\n\n" + exit_status_text({{0, "fine"}, {2, "bad command line"}}));
  const auto help = p.app.help();
  EXPECT_TRUE(
      help.ends_with("\nAn option's value may follow it or an equals sign: --name VALUE or "
                     "--name=VALUE.\n\nNotes.\n\nExit status:\n  0  fine\n  2  bad "
                     "command line\n"))
      << help;
}

}  // namespace
}  // namespace wsclient::command_line
