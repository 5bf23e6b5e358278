// Clean stops on SIGINT (Ctrl-C), SIGTERM (kill), SIGHUP (terminal closed) and SIGUSR1 (what a
// Slurm job asks for with --signal before its time limit, docs/cluster.md).
//
// The handler only stores the signal number and sets a study::StopFlag (both lock-free
// atomics: async-signal-safe); the study procedures poll the flag between simulated days and
// between replications, and the commands then remove their temp files, say what was and was
// not written, and exit with 128 + the signal number. The handler is installed with
// SA_RESETHAND: a second Ctrl-C while the run is stopping kills the process at once (temp
// files it leaves are removed by the next run into that folder). SA_RESTART keeps
// system calls going across the first signal.
#pragma once

#include <string>

#include "hotline/study/interrupted.hpp"

namespace hotline::cli {

// Installs the handlers (once, from main).
void install_interrupt_handlers();
// The flag the handlers set; pass it to study options.
const study::StopFlag* stop_flag();
// 0 until a signal arrived, then its number.
int stop_signal();
// "SIGINT", "SIGTERM", "SIGHUP" (or "signal N").
std::string signal_name(int signal);
// 128 + stop_signal(), for the process exit code.
int interrupted_exit_code();

}  // namespace hotline::cli
