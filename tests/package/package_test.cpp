// The README's example (examples/echo_client) built as a user would: against the installed
// package (cmake --install, find_package) and from the source tree (add_subdirectory); then
// run against the demo server while that server is killed and restarted under it.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "child_process.hpp"
#include "demo_server_process.hpp"
#include "run_program.hpp"

#ifndef WSCLIENT_SOURCE_DIR
#error "WSCLIENT_SOURCE_DIR must be the wsclient source tree"
#endif
#ifndef WSCLIENT_BINARY_DIR
#error "WSCLIENT_BINARY_DIR must be this build tree"
#endif

namespace wsclient::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class Package : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "wsclient-package-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  static void must(const std::vector<std::string>& argv) {
    const auto r = run(argv, 900s);
    ASSERT_EQ(r.status, 0) << r.text();
  }

  // The example sends stdin lines and prints the echoes (its events go to stderr, merged in
  // here); the server dies and comes back between two lines.
  static void exercise(const std::string& exe) {
    auto server = std::make_unique<demo_server_process>();
    const auto port = server->port();
    child_process example(
        {"/bin/sh", "-c", R"(exec "$0" "$@" 2>&1)", exe, server->ws_url("/echo")});
    // The next line that starts with prefix, skipping the others; "" if none within 20 s.
    const auto next = [&](std::string_view prefix) {
      while (auto line = example.read_line(20s)) {
        if (line->starts_with(prefix)) {
          return *line;
        }
      }
      return std::string();
    };
    ASSERT_TRUE(example.write("before restart\n"));
    EXPECT_EQ(next("before"), "before restart");
    ASSERT_TRUE(server->process().send_signal(SIGKILL));
    ASSERT_TRUE(server->process().wait_exit(5s));
    // Sent once the client knows the link is gone, so it is queued, not written into the dead
    // socket (a message already on the wire when a link dies is lost: delivery across a drop
    // is at most once, as the README says).
    EXPECT_NE(next("reconnecting in"), "");
    ASSERT_TRUE(example.write("while down\n"));
    server = std::make_unique<demo_server_process>(port, std::vector<std::string>{});
    EXPECT_EQ(next("while"), "while down");
    example.close_stdin();
    EXPECT_EQ(example.wait_exit(20s), 0);
  }

  fs::path dir_;
};

TEST_F(Package, InstalledPackageGivesWsclientTarget) {
  const auto prefix = (dir_ / "prefix").string();
  const auto build = (dir_ / "build").string();
  ASSERT_NO_FATAL_FAILURE(must({"cmake", "--install", WSCLIENT_BINARY_DIR, "--prefix", prefix}));
  EXPECT_TRUE(fs::exists(prefix + "/include/wsclient/client.hpp"));
  EXPECT_TRUE(fs::exists(prefix + "/lib/cmake/wsclient/wsclientConfig.cmake"));
  ASSERT_NO_FATAL_FAILURE(
      must({"cmake", "-S", WSCLIENT_SOURCE_DIR "/examples/echo_client", "-B", build, "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=" + prefix}));
  ASSERT_NO_FATAL_FAILURE(must({"cmake", "--build", build}));
  exercise(build + "/echo_client");
}

TEST_F(Package, AddSubdirectoryGivesWsclientTarget) {
  const auto build = (dir_ / "build").string();
  // Debug: the whole library compiles again here, and unoptimised Beast compiles faster.
  ASSERT_NO_FATAL_FAILURE(
      must({"cmake", "-S", WSCLIENT_SOURCE_DIR "/examples/echo_client", "-B", build, "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Debug", "-DWSCLIENT_SOURCE_DIR=" WSCLIENT_SOURCE_DIR}));
  ASSERT_NO_FATAL_FAILURE(must({"cmake", "--build", build}));
  // Below a parent project, WSCLIENT_INSTALL is off: the parent decides what it installs.
  const auto prefix = (dir_ / "prefix").string();
  ASSERT_NO_FATAL_FAILURE(must({"cmake", "--install", build, "--prefix", prefix}));
  EXPECT_FALSE(fs::exists(prefix + "/include/wsclient/client.hpp"));
  EXPECT_FALSE(fs::exists(prefix + "/lib/cmake/wsclient"));
  exercise(build + "/echo_client");
}

TEST(Readme, ShowsTheExampleThatIsBuiltAndTested) {
  std::ifstream readme(WSCLIENT_SOURCE_DIR "/README.md");
  std::ifstream example(WSCLIENT_SOURCE_DIR "/examples/echo_client/main.cpp");
  std::stringstream r;
  std::stringstream e;
  r << readme.rdbuf();
  e << example.rdbuf();
  ASSERT_FALSE(e.str().empty());
  EXPECT_NE(r.str().find("```cpp\n" + e.str() + "```"), std::string::npos)
      << "README.md must show examples/echo_client/main.cpp verbatim in a ```cpp block";
}

}  // namespace
}  // namespace wsclient::test
