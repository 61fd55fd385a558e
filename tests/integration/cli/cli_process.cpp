#include "cli_process.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#ifndef WSCLIENT_CLI_EXE
#error "WSCLIENT_CLI_EXE must be the path of wsclient-cli (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {

namespace {

using steady = std::chrono::steady_clock;

std::string make_stderr_file() {
  auto pattern = (std::filesystem::temp_directory_path() / "wsclient-cli-stderr-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw std::runtime_error("mkstemp failed");
  }
  ::close(fd);
  return pattern;
}

// The shell redirects stderr and then execs the CLI, so that the child is the CLI itself
// (signals and exit statuses are its own). The file name is an argument of the script, not
// part of it, so that it never needs quoting.
std::vector<std::string> command(const std::vector<std::string>& args, const std::string& path,
                                 cli_process::stderr_to where) {
  std::vector<std::string> argv{"/bin/sh", "-c"};
  if (where == cli_process::stderr_to::stdout) {
    argv.emplace_back(R"(exec "$0" "$@" 2>&1)");
  } else {
    argv.emplace_back(R"(f=$1; shift; exec "$0" "$@" 2>"$f")");
  }
  argv.emplace_back(WSCLIENT_CLI_EXE);
  if (where == cli_process::stderr_to::file) {
    argv.push_back(path);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

cli_process::cli_process(std::vector<std::string> args, stderr_to where)
    : stderr_path_(where == stderr_to::file ? make_stderr_file() : std::string()),
      process_(command(args, stderr_path_, where)) {}

cli_process::~cli_process() {
  if (!stderr_path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(stderr_path_, ignored);
  }
}

std::optional<std::string> cli_process::read_line(milliseconds timeout) {
  auto line = process_.read_line(timeout);
  if (line) {
    lines_.push_back(*line);
  }
  return line;
}

std::optional<std::string> cli_process::wait_for(
    const std::function<bool(const std::string&)>& match, milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
    if (left <= milliseconds{0}) {
      return std::nullopt;
    }
    auto line = read_line(left);
    if (!line) {
      return std::nullopt;
    }
    if (match(*line)) {
      return line;
    }
  }
}

std::vector<std::string> cli_process::rest_of_stdout(milliseconds timeout) {
  std::vector<std::string> rest;
  const auto deadline = steady::now() + timeout;
  while (!process_.stdout_eof()) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
    if (left <= milliseconds{0}) {
      break;
    }
    if (auto line = read_line(left)) {
      rest.push_back(*line);
    }
  }
  return rest;
}

std::vector<std::string> cli_process::stderr_lines() const {
  std::vector<std::string> lines;
  std::ifstream in(stderr_path_);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string cli_process::stderr_text() const {
  if (stderr_path_.empty()) {
    return "(stderr merged into stdout)";
  }
  std::ifstream in(stderr_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace wsclient::test
