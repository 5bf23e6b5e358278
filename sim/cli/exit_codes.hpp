// Process exit codes of hotline-sim; scripts and CI rely on them (docs/robustness.md, "Exit
// codes", lists them for users).
#pragma once

namespace hotline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;  // a bug: an unexpected exception, a conservation failure
inline constexpr int kExitInvalid = 2;   // bad command line, bad --set, invalid scenario
// The environment refused: an output folder that cannot be created or written, a full disk
// or file-size limit, standard output that cannot be written, out of memory, an output
// folder another run is using. Not a bug, not bad input: fix the environment and rerun.
inline constexpr int kExitEnvironment = 3;
// A shard (--shard I/N) stopped by SIGTERM, SIGUSR1, SIGINT or SIGHUP after saving what it
// finished: run the same command again and it continues (EX_TEMPFAIL of sysexits.h). Every
// other non-zero code means a retry cannot help (docs/cluster.md, "Exit codes").
inline constexpr int kExitRetry = 75;
// Stopped by a signal (SIGINT, SIGTERM, SIGHUP): 128 + the signal number, as a shell reports
// a process killed by it (130 for Ctrl-C, 143 for kill).
inline constexpr int kExitSignalBase = 128;

}  // namespace hotline::cli
