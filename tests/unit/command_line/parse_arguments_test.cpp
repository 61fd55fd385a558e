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

// A small program's command line: a port, a duration, an optional duration, a switch and
// (when asked) one positional URL.
struct program {
  explicit program(bool with_url = false) {
    add_integer(app, "--port", port, 0, 65535, "TCP port");
    add_milliseconds(app, "--timeout-ms", timeout, 1, 1000, "time allowed");
    add_milliseconds(app, "--interval-ms", interval, 1, 1000, "fixed interval")
        ->default_str("random");
    add_switch(
        app, "--verbose", [this] { verbose = true; }, "say more")
        ->default_str("off");
    if (with_url) {
      app.add_option("url", url, "where to connect");
    }
  }

  parse_outcome parse(const std::vector<std::string_view>& args) {
    return parse_arguments(app, args);
  }

  CLI::App app{"A test program.", "prog"};
  std::uint16_t port = 8080;
  std::chrono::milliseconds timeout{250};
  std::optional<std::chrono::milliseconds> interval;
  bool verbose = false;
  std::string url;
};

TEST(ParseArguments, SetsWhatIsGivenAndLeavesTheRest) {
  program p;
  const auto outcome = p.parse({"--port=0080", "--interval-ms", "20", "--verbose"});
  EXPECT_FALSE(outcome.help);
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(p.port, 80);
  EXPECT_EQ(p.timeout, 250ms);
  EXPECT_EQ(p.interval, 20ms);
  EXPECT_TRUE(p.verbose);
}

TEST(ParseArguments, NothingGivenChangesNothing) {
  program p;
  EXPECT_EQ(p.parse({}).error, "");
  EXPECT_EQ(p.port, 8080);
  EXPECT_FALSE(p.interval);
  EXPECT_FALSE(p.verbose);
}

TEST(ParseArguments, HelpIsReportedNotPrinted) {
  program p;
  testing::internal::CaptureStdout();
  const auto outcome = p.parse({"--port", "1", "-h"});
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_TRUE(outcome.help);
  EXPECT_EQ(outcome.error, "");
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
  program p(true);
  EXPECT_EQ(p.parse({"--port", "1", "--", "--odd-url"}).error, "");
  EXPECT_EQ(p.url, "--odd-url");
  program q(true);
  EXPECT_EQ(q.parse({"a", "b"}).error, "unexpected argument \"b\" (see --help)");
}

TEST(ParseArguments, Cli11ErrorsKeepTheirWordingOnOneLine) {
  const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases{
      {{"--port", "8\n0"}, "--port: \"8?0\" is not a number; expected an integer from 0 to 65535"},
      {{"--timeout-ms", "0"},
       "--timeout-ms: \"0\" is out of range; expected an integer from 1 to 1000"},
      {{"--interval-ms=1001"},
       "--interval-ms: \"1001\" is out of range; expected an integer from 1 to 1000"},
      {{"--port"}, "--port: 1 required UINT missing"},
      {{"--port", "1", "--port", "2"}, "--port: At Most 1 required but received 2"},
      {{"--verbose", "--verbose"}, "--verbose: At Most 1 required but received 2"},
      {{"--verbose=yes"}, "verbose was given a disallowed flag override"},
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
  // CLI11's own "=8080", "UINT" and validator names stay out.
  EXPECT_EQ(help.find("=8080"), std::string::npos) << help;
  EXPECT_EQ(help.find("UINT"), std::string::npos) << help;
}

}  // namespace
}  // namespace wsclient::command_line
