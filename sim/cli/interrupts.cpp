#include "interrupts.hpp"

#include <signal.h>

#include <atomic>
#include <csignal>

#include "exit_codes.hpp"

namespace hotline::cli {

namespace {

study::StopFlag g_stop{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");

extern "C" void on_stop_signal(int signal) {
  // Async-signal-safe: two lock-free atomic stores, nothing else.
  g_signal.store(signal, std::memory_order_relaxed);
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGUSR1}) sigaction(s, &action, nullptr);
}

const study::StopFlag* stop_flag() {
  return &g_stop;
}

int stop_signal() {
  return g_signal.load(std::memory_order_relaxed);
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGUSR1:
      return "SIGUSR1";
    default:
      return "signal " + std::to_string(signal);
  }
}

int interrupted_exit_code() {
  const int s = stop_signal();
  return kExitSignalBase + (s > 0 ? s : SIGINT);
}

}  // namespace hotline::cli
