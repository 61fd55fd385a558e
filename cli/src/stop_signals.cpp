#include "stop_signals.hpp"

#include <pthread.h>
#include <signal.h>

#include <thread>

namespace wsclient::cli {

void watch_stop_signals(std::function<void(const std::string& signal_name)> on_stop) {
  // Blocked everywhere and taken with sigwait() by one thread: the handler code then runs as
  // an ordinary thread, free to lock mutexes and call the client (a signal handler may not).
  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGINT);
  sigaddset(&stop_set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set, nullptr);
  // Detached: it may sit in sigwait() until the process ends.
  std::thread([stop_set, on_stop = std::move(on_stop)] {
    int signum = 0;
    if (sigwait(&stop_set, &signum) != 0) {
      return;
    }
    on_stop(signum == SIGINT ? "SIGINT" : "SIGTERM");
    if (sigwait(&stop_set, &signum) != 0) {
      return;
    }
    // The default action (the dispositions were never changed): unblocked in this thread
    // and raised here, it ends the process as the signal would have.
    sigset_t this_one;
    sigemptyset(&this_one);
    sigaddset(&this_one, signum);
    pthread_sigmask(SIG_UNBLOCK, &this_one, nullptr);
    raise(signum);
  }).detach();
}

}  // namespace wsclient::cli
