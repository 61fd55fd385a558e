#include "options.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

namespace wsclient::demo {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Files the path-valued flags can point at: a directory, a certificate and a key.
class scratch_dir {
 public:
  scratch_dir() {
    std::string pattern = (fs::temp_directory_path() / "options_test.XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
      std::ofstream(path_ / "cert.pem") << "cert";
      std::ofstream(path_ / "key.pem") << "key";
    }
  }
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  std::string dir() const { return path_.string(); }
  std::string cert() const { return (path_ / "cert.pem").string(); }
  std::string key() const { return (path_ / "key.pem").string(); }
  std::string missing() const { return (path_ / "missing").string(); }

 private:
  fs::path path_;
};

const scratch_dir& scratch() {
  static const scratch_dir dir;
  return dir;
}

parse_result parse(const std::vector<std::string>& args) {
  const std::vector<std::string_view> views(args.begin(), args.end());
  return parse_command_line(views);
}

TEST(Options, NoArgumentsGiveTheDefaults) {
  const auto result = parse({});
  ASSERT_TRUE(result.options) << result.error;
  EXPECT_TRUE(result.error.empty());
  EXPECT_FALSE(result.help);
  const auto& o = *result.options;
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 8080);
  EXPECT_EQ(o.web_root, "");
  EXPECT_FALSE(o.tls());
  EXPECT_FALSE(o.time_interval);
  EXPECT_EQ(o.level, log_level::info);
  EXPECT_FALSE(o.test_hooks);
  EXPECT_EQ(o.threads, 0U);
  // The client's default, 16 MiB (Autobahn 9.x sends messages up to 16 MiB).
  EXPECT_EQ(o.max_message_bytes, client_options{}.max_message_bytes);
  EXPECT_EQ(o.max_message_bytes, 16U << 20);
  EXPECT_EQ(o.max_send_queue_bytes, 16U << 20);
  EXPECT_EQ(o.handshake_timeout, 10s);
  EXPECT_EQ(o.idle_timeout, 60s);
  EXPECT_TRUE(o.compression);
  // The seed's chat.log, in the working directory.
  EXPECT_EQ(o.chat_log, "chat.log");
  EXPECT_EQ(o.chat_replay_max, 1000U);
  EXPECT_EQ(o.chat_history_max, 10000U);
  EXPECT_TRUE(o.chat_fsync);
}

TEST(Options, ChatFlags) {
  const auto result = parse({"--chat-log", "/tmp/x.log", "--chat-replay-max", "5",
                             "--chat-history-max=7", "--chat-no-fsync"});
  ASSERT_TRUE(result.options) << result.error;
  EXPECT_EQ(result.options->chat_log, "/tmp/x.log");
  EXPECT_EQ(result.options->chat_replay_max, 5U);
  EXPECT_EQ(result.options->chat_history_max, 7U);
  EXPECT_FALSE(result.options->chat_fsync);
  for (const auto& bad : std::vector<std::vector<std::string>>{{"--chat-replay-max", "0"},
                                                               {"--chat-history-max", "0"},
                                                               {"--chat-log", ""},
                                                               {"--chat-no-fsync=1"}}) {
    EXPECT_FALSE(parse(bad).options) << bad[0];
  }
}

TEST(Options, RedisUrl) {
  EXPECT_FALSE(parse({}).options->redis);  // the embedded default
  auto result = parse({"--redis", "redis://127.0.0.1:7000"});
  ASSERT_TRUE(result.options) << result.error;
  ASSERT_TRUE(result.options->redis);
  EXPECT_EQ(result.options->redis->display(), "127.0.0.1:7000");
  result = parse({"--redis=unix:///run/redis.sock"});
  ASSERT_TRUE(result.options) << result.error;
  EXPECT_EQ(result.options->redis->unix_path, "/run/redis.sock");
  result = parse({"--redis", "http://h"});
  EXPECT_FALSE(result.options);
  EXPECT_NE(result.error.find("--redis"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("unknown scheme"), std::string::npos) << result.error;
}

TEST(Options, EveryFlagInBothForms) {
  const auto& s = scratch();
  const std::vector<std::string> separate{"--host",
                                          "0.0.0.0",
                                          "--port",
                                          "0",
                                          "--web-root",
                                          s.dir(),
                                          "--tls-cert",
                                          s.cert(),
                                          "--tls-key",
                                          s.key(),
                                          "--time-interval-ms",
                                          "250",
                                          "--log-level",
                                          "debug",
                                          "--test-hooks",
                                          "--threads",
                                          "4",
                                          "--max-message-bytes",
                                          "1024",
                                          "--max-send-queue-bytes",
                                          "4096",
                                          "--handshake-timeout-ms",
                                          "500",
                                          "--idle-timeout-ms",
                                          "700",
                                          "--no-compression"};
  std::vector<std::string> joined;
  for (std::size_t i = 0; i < separate.size(); ++i) {
    const bool has_value = i + 1 < separate.size() && !separate[i + 1].starts_with("--");
    joined.push_back(has_value ? separate[i] + "=" + separate[i + 1] : separate[i]);
    i += has_value ? 1 : 0;
  }
  ASSERT_EQ(joined.size(), 14U);

  for (const auto* args : std::array<const std::vector<std::string>*, 2>{&separate, &joined}) {
    const auto result = parse(*args);
    ASSERT_TRUE(result.options) << result.error;
    const auto& o = *result.options;
    EXPECT_EQ(o.host, "0.0.0.0");
    EXPECT_EQ(o.port, 0);
    EXPECT_EQ(o.web_root, s.dir());
    EXPECT_EQ(o.tls_cert, s.cert());
    EXPECT_EQ(o.tls_key, s.key());
    EXPECT_TRUE(o.tls());
    EXPECT_EQ(o.time_interval, 250ms);
    EXPECT_EQ(o.level, log_level::debug);
    EXPECT_TRUE(o.test_hooks);
    EXPECT_EQ(o.threads, 4U);
    EXPECT_EQ(o.max_message_bytes, 1024U);
    EXPECT_EQ(o.max_send_queue_bytes, 4096U);
    EXPECT_EQ(o.handshake_timeout, 500ms);
    EXPECT_EQ(o.idle_timeout, 700ms);
    EXPECT_FALSE(o.compression);
  }
}

struct good_case {
  const char* name;
  std::vector<std::string> args;
  std::function<bool(const server_options&)> check;
};

// Printed by name in test listings and failures instead of as raw bytes.
[[maybe_unused]] void PrintTo(const good_case& c, std::ostream* os) {
  *os << c.name;
}

class OptionsGood : public ::testing::TestWithParam<good_case> {};

TEST_P(OptionsGood, Parses) {
  const auto result = parse(GetParam().args);
  ASSERT_TRUE(result.options) << result.error;
  EXPECT_TRUE(result.error.empty());
  EXPECT_TRUE(GetParam().check(*result.options));
}

INSTANTIATE_TEST_SUITE_P(
    Table, OptionsGood,
    ::testing::Values(
        good_case{"PortMax", {"--port", "65535"}, [](auto& o) { return o.port == 65535; }},
        good_case{"PortLeadingZeros", {"--port=0080"}, [](auto& o) { return o.port == 80; }},
        good_case{"IntervalMin",
                  {"--time-interval-ms", "1"},
                  [](auto& o) { return o.time_interval == 1ms; }},
        good_case{"IntervalMax",
                  {"--time-interval-ms=3600000"},
                  [](auto& o) { return o.time_interval == 3600s; }},
        good_case{"ThreadsBounds", {"--threads", "256"}, [](auto& o) { return o.threads == 256U; }},
        good_case{"ThreadsOne", {"--threads=1"}, [](auto& o) { return o.threads == 1U; }},
        good_case{
            "LevelOff", {"--log-level", "off"}, [](auto& o) { return o.level == log_level::off; }},
        good_case{"LevelTrace",
                  {"--log-level=trace"},
                  [](auto& o) { return o.level == log_level::trace; }},
        good_case{"HostWithEquals", {"--host=::1"}, [](auto& o) { return o.host == "::1"; }},
        good_case{
            "ValueContainingEquals", {"--host", "a=b"}, [](auto& o) { return o.host == "a=b"; }},
        good_case{"MessageBytesOne",
                  {"--max-message-bytes", "1"},
                  [](auto& o) { return o.max_message_bytes == 1U; }},
        good_case{"HugeQueue",
                  {"--max-send-queue-bytes", "1099511627776"},
                  [](auto& o) { return o.max_send_queue_bytes == (std::size_t{1} << 40); }}),
    [](const ::testing::TestParamInfo<good_case>& param_info) {
      return std::string(param_info.param.name);
    });

struct bad_case {
  const char* name;
  std::vector<std::string> args;
  std::vector<std::string> error_contains;  ///< every piece must appear in the error
};

// Printed by name in test listings and failures instead of as raw bytes.
[[maybe_unused]] void PrintTo(const bad_case& c, std::ostream* os) {
  *os << c.name;
}

class OptionsBad : public ::testing::TestWithParam<bad_case> {};

TEST_P(OptionsBad, IsRejectedWithAClearOneLineError) {
  const auto result = parse(GetParam().args);
  EXPECT_FALSE(result.options);
  EXPECT_FALSE(result.help);
  ASSERT_FALSE(result.error.empty());
  EXPECT_EQ(result.error.find('\n'), std::string::npos) << result.error;
  for (const auto& piece : GetParam().error_contains) {
    EXPECT_NE(result.error.find(piece), std::string::npos)
        << "error \"" << result.error << "\" lacks \"" << piece << "\"";
  }
}

const std::string missing_path = "/nonexistent/options_test/path";

INSTANTIATE_TEST_SUITE_P(
    Table, OptionsBad,
    ::testing::Values(
        bad_case{"UnknownFlag", {"--bogus"}, {"unknown option", "--bogus"}},
        bad_case{"UnknownFlagWithValue", {"--bogus=1"}, {"unknown option", "\"--bogus\""}},
        bad_case{"UnknownShortFlag", {"-p", "80"}, {"unknown option", "-p"}},
        bad_case{"Positional", {"8080"}, {"unexpected argument", "8080"}},
        bad_case{"TwoPositionals", {"a", "b"}, {"unexpected argument", "\"a\""}},
        bad_case{"PositionalAfterFlag", {"--port", "80", "extra"}, {"unexpected", "extra"}},
        bad_case{"LoneDash", {"-"}, {"unexpected argument"}},
        bad_case{"DoubleDash", {"--"}, {"unknown option \"--\""}},
        bad_case{"MissingValueAtEnd", {"--port"}, {"--port: needs a value"}},
        bad_case{"MissingValueBeforeFlag", {"--host", "--port", "1"}, {"--host", "needs a value"}},
        bad_case{"EmptyValue", {"--port="}, {"--port: needs a non-empty value"}},
        bad_case{"EmptySeparateValue", {"--host", ""}, {"--host", "non-empty"}},
        bad_case{"NonNumeric", {"--port", "http"}, {"--port", "\"http\"", "not a number"}},
        bad_case{"TrailingGarbage", {"--port", "80x"}, {"--port", "\"80x\"", "not a number"}},
        bad_case{"TrailingGarbageJoined", {"--port=80x"}, {"--port", "\"80x\""}},
        bad_case{"LeadingSpace", {"--port", " 80"}, {"--port", "not a number"}},
        bad_case{"PlusSign", {"--port", "+80"}, {"--port", "not a number"}},
        bad_case{"Fraction", {"--threads", "1.5"}, {"--threads", "\"1.5\""}},
        bad_case{"Negative", {"--port", "-1"}, {"--port", "\"-1\"", "negative"}},
        bad_case{"NegativeJoined", {"--idle-timeout-ms=-5"}, {"--idle-timeout-ms", "negative"}},
        bad_case{"PortTooBig", {"--port", "65536"}, {"--port", "65536", "out of range", "65535"}},
        bad_case{"PortHuge", {"--port", "99999999999999999999999"}, {"--port", "out of range"}},
        bad_case{
            "IntervalZero", {"--time-interval-ms", "0"}, {"--time-interval-ms", "out of range"}},
        bad_case{"IntervalTooBig",
                 {"--time-interval-ms", "3600001"},
                 {"--time-interval-ms", "3600001", "out of range"}},
        bad_case{"ThreadsZero", {"--threads", "0"}, {"--threads", "out of range", "1 to 256"}},
        bad_case{"ThreadsTooMany", {"--threads", "257"}, {"--threads", "out of range"}},
        bad_case{"MessageBytesZero",
                 {"--max-message-bytes", "0"},
                 {"--max-message-bytes", "at least 1"}},
        bad_case{"QueueBytesZero",
                 {"--max-send-queue-bytes=0"},
                 {"--max-send-queue-bytes", "at least 1"}},
        bad_case{"HandshakeZero",
                 {"--handshake-timeout-ms", "0"},
                 {"--handshake-timeout-ms", "out of range"}},
        bad_case{"IdleZero", {"--idle-timeout-ms", "0"}, {"--idle-timeout-ms", "out of range"}},
        bad_case{"BadLevel",
                 {"--log-level", "loud"},
                 {"--log-level", "\"loud\"", "trace, debug, info, warn, error, off"}},
        bad_case{"LevelWrongCase", {"--log-level=INFO"}, {"--log-level", "\"INFO\""}},
        bad_case{"SwitchWithValue", {"--test-hooks=yes"}, {"--test-hooks: takes no value"}},
        bad_case{
            "NoCompressionWithValue", {"--no-compression=1"}, {"--no-compression: takes no value"}},
        bad_case{"DuplicateFlag", {"--port", "1", "--port", "2"}, {"--port", "At Most 1"}},
        bad_case{
            "DuplicateSwitch", {"--test-hooks", "--test-hooks"}, {"--test-hooks", "At Most 1"}},
        bad_case{"DuplicateNegatedSwitch",
                 {"--no-compression", "--no-compression"},
                 {"--no-compression", "At Most 1"}},
        bad_case{"WebRootMissing",
                 {"--web-root", missing_path},
                 {"--web-root", missing_path, "does not exist"}},
        bad_case{"WebRootIsAFile",
                 {"--web-root", scratch().cert()},
                 {"--web-root", "is actually a file"}},
        bad_case{"CertWithoutKey", {"--tls-cert", scratch().cert()}, {"--tls-cert", "--tls-key"}},
        bad_case{"KeyWithoutCert", {"--tls-key", scratch().key()}, {"--tls-key", "--tls-cert"}},
        bad_case{"CertMissing",
                 {"--tls-cert", missing_path, "--tls-key", scratch().key()},
                 {"--tls-cert", missing_path, "does not exist"}},
        bad_case{"KeyIsADirectory",
                 {"--tls-cert", scratch().cert(), "--tls-key", scratch().dir()},
                 {"--tls-key", "is actually a directory"}},
        bad_case{"ControlCharactersStayOnOneLine", {"--port", "8\n0"}, {"--port", "\"8?0\""}}),
    [](const ::testing::TestParamInfo<bad_case>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(Options, HelpInEitherSpelling) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"-h"}, {"--port", "1", "--help"}, {"--help", "--bogus"}}) {
    const auto result = parse(args);
    EXPECT_TRUE(result.help) << args.front();
    EXPECT_FALSE(result.options);
    EXPECT_TRUE(result.error.empty()) << result.error;
  }
}

TEST(Options, ErrorBeforeHelpIsReported) {
  const auto result = parse({"--port", "x", "--help"});
  EXPECT_FALSE(result.help);
  EXPECT_FALSE(result.error.empty());
}

TEST(Options, UsageListsEveryFlagWithItsDefault) {
  const std::string usage = usage_text();
  for (const char* flag : {"--host",
                           "--port",
                           "--web-root",
                           "--tls-cert",
                           "--tls-key",
                           "--time-interval-ms",
                           "--log-level",
                           "--test-hooks",
                           "--threads",
                           "--max-message-bytes",
                           "--max-send-queue-bytes",
                           "--handshake-timeout-ms",
                           "--idle-timeout-ms",
                           "--no-compression",
                           "--chat-log",
                           "--chat-replay-max",
                           "--chat-history-max",
                           "--chat-no-fsync",
                           "--redis",
                           "--help",
                           "-h"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
  for (const char* value : {"127.0.0.1", "8080", "info", "16777216", "10000", "60000"}) {
    EXPECT_NE(usage.find(value), std::string::npos) << value;
  }
  const auto message_limit = usage.find("--max-message-bytes");
  ASSERT_NE(message_limit, std::string::npos);
  const auto line = usage.substr(message_limit, usage.find('\n', message_limit) - message_limit);
  EXPECT_NE(line.find("(default: 16777216)"), std::string::npos) << line;
  EXPECT_NE(usage.find(" 2 "), std::string::npos) << "exit status 2 is not mentioned";
  // Every flag line states its default.
  std::size_t lines_with_default = 0;
  for (std::size_t at = usage.find("(default: "); at != std::string::npos;
       at = usage.find("(default: ", at + 1)) {
    ++lines_with_default;
  }
  EXPECT_EQ(lines_with_default, 19U);
}

}  // namespace
}  // namespace wsclient::demo
