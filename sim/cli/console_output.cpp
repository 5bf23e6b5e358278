#include "console_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "exit_codes.hpp"
#include "hotline/report/output_error.hpp"

namespace hotline::cli {

namespace {
bool g_reported = false;  // write_stdout already threw: finish_stdout need not say it again
}  // namespace

void write_stdout(std::string_view text) {
  errno = 0;
  const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  if (!written || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    const int err = errno != 0 ? errno : EIO;
    g_reported = true;
    throw report::OutputError(std::string("cannot write to standard output: ") +
                              std::strerror(err));
  }
}

int finish_stdout(int code) {
  // A write through std::cout that already failed (CLI11's --help, longer than stdout's
  // buffer) left its errno; nothing ran since that could fail, so it is the reason.
  const int earlier = std::cout.good() ? 0 : errno;
  errno = 0;
  std::cout.flush();
  const bool lost = !std::cout.good() || std::fflush(stdout) != 0 || std::ferror(stdout);
  if (!lost || g_reported) return code;
  int err = errno != 0 ? errno : earlier;
  if (err == 0) {
    // The write failed earlier and errno is gone: one byte more on the failed stream finds
    // out why (ENOSPC on a full disk) instead of saying EIO.
    std::clearerr(stdout);
    errno = 0;
    if (std::fputc('\n', stdout) == EOF || std::fflush(stdout) != 0) err = errno;
  }
  if (err == 0) err = EIO;
  std::fprintf(stderr, "hotline-sim: error: cannot write to standard output: %s\n",
               std::strerror(err));
  return code == kExitOk ? kExitEnvironment : code;
}

}  // namespace hotline::cli
