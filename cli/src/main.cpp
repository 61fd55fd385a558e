// wsclient-cli: a command-line WebSocket client over wsclient::client, in the spirit of
// `python -m websockets` and websocat. Messages go to stdout, one per line; connection
// events and errors go to stderr; the exit status says how it ended (see usage_text()).
//
// Threads: the client's handlers run on its own I/O thread; stdin is read on a thread of
// its own, because a blocking std::getline cannot be interrupted and the main thread must
// stay free to end the program on a timeout, a server close or a fatal error while stdin
// is still open; SIGINT and SIGTERM are taken on another (stop_signals.hpp). The main thread
// waits for the outcome on a condition variable.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "binary_format.hpp"
#include "cli_options.hpp"
#include "event_report.hpp"
#include "linger.hpp"
#include "message_markers.hpp"
#include "stop_signals.hpp"
#include "verbose_report.hpp"
#include "wsclient/client.hpp"

namespace wsclient::cli {

namespace {

using steady = std::chrono::steady_clock;

// While messages wait to be written the quiet period has not started; how often to look.
constexpr milliseconds write_poll{20};

/// Whole lines to stdout and stderr from any thread without interleaving, each flushed at
/// once so that a reader on a pipe sees every message as it arrives.
class printer {
 public:
  void out(std::string_view line) { write(std::cout, line); }
  void err(std::string_view line) { write(std::cerr, line); }

 private:
  void write(std::ostream& stream, std::string_view line) {
    // One write per line (std::cerr is unit-buffered: each << would be a write of its own),
    // so that what the terminal echoes as the user types cannot land inside a line.
    auto whole = std::string(line) + '\n';
    std::lock_guard lock(mutex_);
    stream << whole << std::flush;
  }
  std::mutex mutex_;
};

/// What the three threads share, under one mutex. The client's calls never block and never
/// wait for a handler, so calling them with the mutex held cannot deadlock; only the
/// client's destructor waits for handlers, and main never holds the mutex around it.
struct run_state {
  std::mutex mutex;
  std::condition_variable changed;

  std::optional<outcome> result;  // set once: the program ends with it
  bool close_requested = false;   // close() was called: no more sends, no second close
  bool closed = false;            // the final close event arrived
  bool open = false;              // a connection is open (between open and close events)
  bool stdin_ended = false;
  bool stopping = false;    // main is about to destroy the client: nobody may touch it
  std::string stop_signal;  // "SIGINT" or "SIGTERM" once one asked the program to stop
  steady::time_point stdin_ended_at;
  steady::time_point opened_at;        // of the current connection
  steady::time_point last_message_at;  // or the last time something waited to be written
  std::uint64_t received = 0;
  std::optional<std::uint64_t> count;

  bool waiting_for_count() const { return count && received < *count; }

  void finish(outcome o) {
    if (!result) {
      result = std::move(o);
    }
    changed.notify_all();
  }
};

/// Markers on stdout when it is a terminal; whether stdin is that terminal too.
message_markers terminal_markers() {
  const bool out_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  struct stat in {};
  struct stat out {};
  const bool same_terminal = out_is_terminal && ::isatty(STDIN_FILENO) == 1 &&
                             ::fstat(STDIN_FILENO, &in) == 0 && ::fstat(STDOUT_FILENO, &out) == 0 &&
                             in.st_rdev == out.st_rdev;
  return markers_for(out_is_terminal, same_terminal);
}

/// Reads stdin and sends each line; main closes the connection after the end of input.
void read_stdin(client& c, run_state& state, printer& print, message_markers markers) {
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    std::unique_lock lock(state.mutex);
    // Shown before it is sent, so that it comes before the reply; a refusal is said on stderr.
    if (markers.shown && !state.stopping && !state.close_requested && !state.result) {
      print.out(sent_line(markers, line, true));
    }
    for (;;) {
      if (state.stopping || state.close_requested || state.result) {
        return;
      }
      // A view, not a move: a refused line is still there to retry.
      const auto sent = c.send_text(std::string_view(line));
      if (sent || sent.error != errc::outbox_full) {
        if (!sent && sent.error != errc::not_connected) {
          print.err("wsclient-cli: line " + std::to_string(number) +
                    " not sent: " + sent.error.message());
        }
        break;
      }
      // The outbox is full while the connection is down: stdin waits for the connection
      // (its pipe then fills and slows the writer) rather than losing lines.
      state.changed.wait(lock, [&] { return state.open || state.stopping || state.result; });
    }
  }
  std::lock_guard lock(state.mutex);
  state.stdin_ended = true;
  state.stdin_ended_at = steady::now();
  state.changed.notify_all();
}

void install_handlers(client& c, run_state& state, printer& print, const options& opts,
                      message_markers markers) {
  // Handler-only state: touched on the client's I/O thread alone.
  struct io_side {
    std::optional<close_info> pending_close;  // a close that a reconnecting event follows
    std::string last_error;                   // the error event of the last failed attempt
    connection_state previous = connection_state::idle;
  };
  auto io = std::make_shared<io_side>();

  c.on_open([&state, &print, io, verbose = opts.verbose](const open_info& info) {
    io->last_error.clear();
    print.err(opened_line(info));
    if (verbose) {
      print.err(route_line(info));
      for (const auto& line : response_lines(info)) {
        print.err(line);
      }
    }
    std::lock_guard lock(state.mutex);
    state.open = true;
    state.opened_at = steady::now();
    state.changed.notify_all();
  });

  c.on_message([&c, &state, &print, markers, echo = opts.echo,
                quiet = opts.quiet](const message_view& m) {
    {
      std::lock_guard lock(state.mutex);
      if (state.result) {
        return;  // --count was reached: later messages are not part of the output
      }
    }
    if (!quiet) {
      print.out(received_line(
          markers, m.kind == message_kind::text ? std::string(m.data) : format_binary(m.data)));
    }
    std::lock_guard lock(state.mutex);
    if (echo && !state.close_requested && !state.stopping) {
      const auto sent = m.kind == message_kind::text ? c.send_text(m.data) : c.send_binary(m.data);
      if (!sent) {
        // Refused (the connection ended and will not come back, or the outbox is full): said,
        // not dropped in silence.
        print.err("wsclient-cli: echo of message " + std::to_string(state.received + 1) +
                  " refused: " + sent.error.message());
      }
    }
    ++state.received;
    state.last_message_at = steady::now();
    if (state.count && state.received >= *state.count) {
      state.finish({exit_status::ok, {}});
    }
  });

  c.on_close([&state, io](const close_info& info) {
    std::lock_guard lock(state.mutex);
    state.open = false;
    if (info.will_reconnect) {
      io->pending_close = info;  // printed with the reconnecting event that follows
      return;
    }
    state.closed = true;
    if (auto o = outcome_of_close(info)) {
      state.finish(std::move(*o));
    }
    state.changed.notify_all();
  });

  c.on_reconnecting([&print, io, verbose = opts.verbose](const reconnect_info& info) {
    print.err(
        reconnecting_line(info, io->pending_close ? &*io->pending_close : nullptr, io->last_error));
    if (verbose) {
      print.err(retry_line(info));
    }
    io->pending_close.reset();
  });

  c.on_error([&print, io](std::error_code ec, std::string_view detail) {
    // A failed attempt is reported by the reconnecting or gave_up event that follows it, with
    // this detail; only the outbox's own troubles are worth a line of their own.
    if (ec == errc::message_expired || ec == errc::message_dropped) {
      print.err("wsclient-cli: " + std::string(detail));
      return;
    }
    io->last_error = detail;
  });

  c.on_gave_up([&state, io](const gave_up_info& info) {
    std::lock_guard lock(state.mutex);
    state.closed = true;
    state.finish(outcome_of_gave_up(info, io->last_error));
  });

  c.on_state_change([&print, io](connection_state s) {
    if (s == connection_state::connecting && io->previous == connection_state::waiting) {
      print.err("reconnecting\xe2\x80\xa6");
    }
    io->previous = s;
  });
}

int run(const options& opts) {
  // Shared with the detached stdin thread, which may outlive this function.
  const auto print_ptr = std::make_shared<printer>();
  const auto state_ptr = std::make_shared<run_state>();
  auto& print = *print_ptr;
  auto& state = *state_ptr;
  const auto markers = terminal_markers();

  // Before any thread starts, so that none of them takes these signals.
  watch_stop_signals([state_ptr](const std::string& signal_name) {
    std::lock_guard lock(state_ptr->mutex);
    state_ptr->stop_signal = signal_name;
    state_ptr->changed.notify_all();
  });

  auto config = make_client_options(opts);
  // Why connect() refused, in the library's words (which file did not load, say); the whole
  // log with --verbose.
  auto refusal = std::make_shared<std::string>();
  config.log = [&print, refusal, verbose = opts.verbose](log_level level, std::string_view text) {
    if (level == log_level::error) {
      *refusal = text;
    }
    if (verbose) {
      print.err("[wsclient " + std::string(to_string(level)) + "] " + std::string(text));
    }
  };
  if (std::string why; client::check_options(config, &why)) {
    print.err("wsclient-cli: " + why);
    return exit_status::usage;
  }

  state.count = opts.count;
  // The clock starts before connecting: --timeout bounds the whole run.
  const auto deadline = steady::now() + opts.timeout.value_or(milliseconds{0});

  if (opts.verbose) {
    for (const auto& line : request_lines(config, opts.url)) {
      print.err(line);
    }
  }
  auto c = std::make_unique<client>(config);
  install_handlers(*c, state, print, opts, markers);
  // Queued before connecting: a server that refuses at once (a 403) must not turn them into
  // refused sends; they are then reported as not sent when the client gives up.
  for (const auto& text : opts.sends) {
    if (const auto sent = c->send_text(text); !sent) {
      print.err("wsclient-cli: --send '" + text + "' refused: " + sent.error.message());
      return exit_status::usage;
    }
    if (markers.shown) {  // queued: nothing can have come back yet
      print.out(sent_line(markers, text, false));
    }
  }
  if (const auto ec = c->connect(opts.url)) {
    print.err("wsclient-cli: cannot connect to " + opts.url + ": " +
              (refusal->empty() ? ec.message() : *refusal));
    return exit_status::usage;
  }

  // Detached: it may sit in getline() until the process ends. It touches the client only
  // under the state mutex and never once `stopping` is set.
  std::thread([&c = *c, state_ptr, print_ptr, markers] {
    read_stdin(c, *state_ptr, *print_ptr, markers);
  }).detach();

  std::unique_lock lock(state.mutex);
  while (!state.result) {
    const auto now = steady::now();
    if (opts.timeout && now >= deadline) {
      state.finish({exit_status::timeout, "wsclient-cli: timed out after " +
                                              std::to_string(opts.timeout->count()) + " ms"});
      break;
    }
    // Interrupted: the same clean close as at the end of input, without the linger (the user
    // wants out); the close event decides the outcome, bounded by the close timeout.
    if (!state.stop_signal.empty() && !state.close_requested) {
      print.err(state.stop_signal + " received, closing the connection");
      state.close_requested = true;
      c->close(1000);
      continue;
    }
    auto wake = opts.timeout ? deadline : steady::time_point::max();
    // End of input, nothing more expected by --count, and a connection to close: what was
    // queued goes out when it opens, so the linger counts from then.
    if (state.stdin_ended && !state.waiting_for_count() && state.open && !state.close_requested) {
      const bool writing = c->buffered_amount() > 0;
      if (writing) {
        state.last_message_at = now;  // the quiet period has not begun
      }
      // The cap holds even while writing: --echo against an echo server never goes quiet.
      const auto start = std::max(state.stdin_ended_at, state.opened_at);
      const auto close_at =
          std::min(std::max(start, state.last_message_at) + linger_quiet, start + linger_max);
      if (now >= close_at) {
        state.close_requested = true;
        c->close(1000);  // the close event decides the outcome
        continue;
      }
      wake = std::min(wake, writing ? std::min(close_at, now + write_poll) : close_at);
    }
    if (wake == steady::time_point::max()) {
      state.changed.wait(lock);
    } else {
      state.changed.wait_until(lock, wake);
    }
  }
  // --count reached with the connection up: say goodbye properly, briefly.
  if (state.result->status == exit_status::ok && !state.closed) {
    if (!state.close_requested) {
      state.close_requested = true;
      c->close(1000);
    }
    state.changed.wait_for(lock, std::chrono::seconds(2), [&] { return state.closed; });
  }
  state.stopping = true;
  state.changed.notify_all();
  const auto result = *state.result;
  lock.unlock();

  c.reset();  // waits for a running handler; none runs after this
  if (!result.line.empty()) {
    print.err(result.line);
  }
  return result.status;
}

}  // namespace

}  // namespace wsclient::cli

int main(int argc, char** argv) {
  // The stdin thread blocks in std::cin while others print: no tie (cin would flush cout
  // from that thread) and no stdio sync (our own buffering, one writer at a time).
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);

  namespace cli = wsclient::cli;
  const auto parsed = cli::parse_arguments(argc, argv);
  if (parsed.opts.help) {
    std::cout << cli::usage_text() << std::flush;
    return cli::exit_status::ok;
  }
  if (!parsed.opts.version.empty()) {
    std::cout << parsed.opts.version << std::endl;
    return cli::exit_status::ok;
  }
  if (!parsed.ok()) {
    std::cerr << "wsclient-cli: " << parsed.error << std::endl;
    return cli::exit_status::usage;
  }
  const int status = cli::run(parsed.opts);
  std::cout.flush();
  std::cerr.flush();
  // The stdin thread may still be blocked in a read that nothing can interrupt: end the
  // process without waiting for it or running destructors it could race with.
  std::_Exit(status);
}
