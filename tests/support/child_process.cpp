#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace wsclient::test {
namespace {

using steady = std::chrono::steady_clock;

// A write to a pipe whose reader died raises SIGPIPE, which would kill the whole test
// binary; with it ignored the write fails with EPIPE and write() reports false instead.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

// Milliseconds left until deadline, rounded up so that poll() never wakes just before it,
// and clamped to what poll() accepts.
int poll_timeout_ms(steady::time_point deadline) {
  const auto left = deadline - steady::now();
  if (left <= steady::duration::zero()) {
    return 0;
  }
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, INT_MAX));
}

void close_fd(int& fd) {
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

std::string describe(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& arg : argv) {
    if (!text.empty()) {
      text += ' ';
    }
    text += arg;
  }
  return text;
}

// RAII for the posix_spawn attribute objects, so that every error path frees them.
struct spawn_setup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attr{};
  spawn_setup() {
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
  }
  ~spawn_setup() {
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
  }
  spawn_setup(const spawn_setup&) = delete;
  spawn_setup& operator=(const spawn_setup&) = delete;
};

}  // namespace

child_process::child_process(std::vector<std::string> argv, child_stderr stderr_mode)
    : argv_(std::move(argv)) {
  if (argv_.empty()) {
    throw std::runtime_error("child_process: empty argv");
  }
  ignore_sigpipe_once();

  // O_CLOEXEC: neither this child nor any other one started concurrently may inherit the
  // parent's ends, or EOF would never be seen on them.
  int in_pipe[2] = {-1, -1};
  int out_pipe[2] = {-1, -1};
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("child_process: pipe2: ") + std::strerror(errno));
  }
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    const int err = errno;
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    throw std::runtime_error(std::string("child_process: pipe2: ") + std::strerror(err));
  }

  spawn_setup setup;
  ::posix_spawn_file_actions_adddup2(&setup.actions, in_pipe[0], STDIN_FILENO);
  ::posix_spawn_file_actions_adddup2(&setup.actions, out_pipe[1], STDOUT_FILENO);
  if (stderr_mode == child_stderr::to_stdout) {
    ::posix_spawn_file_actions_adddup2(&setup.actions, out_pipe[1], STDERR_FILENO);
  }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Descriptors other code of the test opened without O_CLOEXEC (sockets, files) must not
  // leak into the child: a leaked listening socket would keep a port busy after a restart.
  ::posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1);
#endif
  // Ignored signals stay ignored across exec, and we ignore SIGPIPE: give the child the
  // default dispositions and an empty mask, as if started from a shell.
  sigset_t defaults;
  ::sigemptyset(&defaults);
  for (const int signum : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD}) {
    ::sigaddset(&defaults, signum);
  }
  sigset_t empty_mask;
  ::sigemptyset(&empty_mask);
  ::posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  ::posix_spawnattr_setsigmask(&setup.attr, &empty_mask);
  ::posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> c_argv;
  c_argv.reserve(argv_.size() + 1);
  for (auto& arg : argv_) {
    c_argv.push_back(arg.data());
  }
  c_argv.push_back(nullptr);

  const int rc =
      ::posix_spawn(&pid_, argv_[0].c_str(), &setup.actions, &setup.attr, c_argv.data(), environ);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    pid_ = -1;
    throw std::runtime_error("child_process: cannot start '" + describe(argv_) +
                             "': " + std::strerror(rc));
  }
  stdin_fd_ = in_pipe[1];
  stdout_fd_ = out_pipe[0];
  // Non-blocking: every wait goes through poll() with a deadline, never through read/write.
  ::fcntl(stdin_fd_, F_SETFL, ::fcntl(stdin_fd_, F_GETFL) | O_NONBLOCK);
  ::fcntl(stdout_fd_, F_SETFL, ::fcntl(stdout_fd_, F_GETFL) | O_NONBLOCK);
#ifdef SYS_pidfd_open
  // A pidfd becomes readable when the child exits, so wait_exit() can poll() for it
  // instead of sleeping between waitpid() calls.
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd_ >= 0) {
    ::fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
  }
#endif
}

child_process::~child_process() {
  close_fd(stdin_fd_);
  if (!exit_status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  close_fd(stdout_fd_);
  close_fd(pidfd_);
}

bool child_process::write(std::string_view data, std::chrono::milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  while (!data.empty()) {
    if (stdin_fd_ < 0) {
      return false;
    }
    const ssize_t n = ::write(stdin_fd_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (steady::now() >= deadline) {
        return false;
      }
      pollfd pfd{stdin_fd_, POLLOUT, 0};
      if (::poll(&pfd, 1, poll_timeout_ms(deadline)) < 0 && errno != EINTR) {
        return false;
      }
      continue;
    }
    return false;  // EPIPE: the child closed its stdin or exited
  }
  return true;
}

void child_process::close_stdin() {
  close_fd(stdin_fd_);
}

std::optional<std::string> child_process::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  for (;;) {
    if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    if (stdout_eof_) {
      if (!buffer_.empty()) {
        return std::exchange(buffer_, std::string{});
      }
      return std::nullopt;
    }
    pollfd pfd{stdout_fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, poll_timeout_ms(deadline));
    if (ready < 0 && errno != EINTR) {
      stdout_eof_ = true;
      continue;
    }
    if (ready <= 0) {
      if (steady::now() >= deadline) {
        return std::nullopt;
      }
      continue;
    }
    char chunk[65536];
    const ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
      stdout_eof_ = true;
    }
  }
}

bool child_process::send_signal(int signum) {
  // Until the child is reaped its pid cannot be reused, so this never hits another process.
  if (exit_status_ || pid_ <= 0) {
    return false;
  }
  return ::kill(pid_, signum) == 0;
}

bool child_process::try_reap() {
  if (exit_status_) {
    return true;
  }
  int status = 0;
  pid_t r = 0;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) {
    return false;
  }
  if (r < 0) {
    // ECHILD: someone else reaped it (SIGCHLD ignored?); gone, with an unknown status.
    exit_status_ = INT_MIN;
  } else if (WIFEXITED(status)) {
    exit_status_ = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit_status_ = -WTERMSIG(status);
  } else {
    return false;  // stopped or continued: still alive
  }
  close_fd(pidfd_);
  return true;
}

std::optional<int> child_process::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  for (;;) {
    if (try_reap()) {
      return exit_status_;
    }
    if (steady::now() >= deadline) {
      return std::nullopt;
    }
    if (pidfd_ >= 0) {
      pollfd pfd{pidfd_, POLLIN, 0};
      ::poll(&pfd, 1, poll_timeout_ms(deadline));
    } else {
      // No pidfd: re-check in short steps, still bounded by the deadline.
      ::poll(nullptr, 0, std::min(poll_timeout_ms(deadline), 5));
    }
  }
}

std::optional<int> child_process::terminate(std::chrono::milliseconds grace) {
  if (exit_status_) {
    return exit_status_;
  }
  send_signal(SIGTERM);
  if (auto status = wait_exit(grace)) {
    return status;
  }
  send_signal(SIGKILL);
  return wait_exit(std::chrono::milliseconds{5'000});
}

bool child_process::set_open_files_limit(unsigned limit) {
  if (exit_status_ || pid_ <= 0) {
    return false;
  }
  const rlimit wanted{limit, limit};
  return ::prlimit(pid_, RLIMIT_NOFILE, &wanted, nullptr) == 0;
}

bool child_process::running() {
  return !try_reap();
}

}  // namespace wsclient::test
