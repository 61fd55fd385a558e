#include "demo_server_process.hpp"

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <utility>

#ifndef WSCLIENT_DEMO_SERVER_EXE
#error "WSCLIENT_DEMO_SERVER_EXE must be the path of wsclient-demo-server (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {

namespace {
constexpr std::string_view listening_prefix = "listening on ";
}

demo_server_process::demo_server_process(std::vector<std::string> extra_args)
    : demo_server_process(0, std::move(extra_args)) {}

demo_server_process::demo_server_process(std::vector<std::string> extra_args, child_stderr err)
    : demo_server_process(0, std::move(extra_args), err) {}

demo_server_process::demo_server_process(std::uint16_t port, std::vector<std::string> extra_args,
                                         child_stderr err) {
  std::vector<std::string> argv{WSCLIENT_DEMO_SERVER_EXE, "--port", std::to_string(port)};
  // 127.0.0.1 unless the test asks for another address (--host ::1).
  if (std::find(extra_args.begin(), extra_args.end(), "--host") == extra_args.end()) {
    argv.insert(argv.end(), {"--host", "127.0.0.1"});
  }
  tls_ = std::find(extra_args.begin(), extra_args.end(), "--tls-cert") != extra_args.end();
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<child_process>(std::move(argv), err);
  auto line = process_->read_line(std::chrono::seconds(20));
  // With stderr on the pipe, what the server logs before it listens (loading its chat log)
  // comes first.
  while (err == child_stderr::to_stdout && line && !line->starts_with(listening_prefix)) {
    early_lines_.push_back(*line);
    line = process_->read_line(std::chrono::seconds(20));
  }
  if (!line || !line->starts_with(listening_prefix)) {
    throw std::runtime_error("wsclient-demo-server did not start: first line was '" +
                             line.value_or("<none>") + "'");
  }
  const auto colon = line->rfind(':');
  port_ = static_cast<std::uint16_t>(std::stoul(line->substr(colon + 1)));
}

std::string demo_server_process::ws_url(const std::string& path) const {
  return (tls_ ? "wss://127.0.0.1:" : "ws://127.0.0.1:") + std::to_string(port_) + path;
}

std::string demo_server_process::http_url(const std::string& path) const {
  return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_) + path;
}

std::optional<int> demo_server_process::stop(std::chrono::milliseconds timeout) {
  process_->send_signal(SIGTERM);
  return process_->wait_exit(timeout);
}

}  // namespace wsclient::test
