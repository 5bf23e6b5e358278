// Writing results to standard output, with write errors reported instead of ignored:
// `hotline-sim schema > /dev/full` must not exit 0 with the schema lost.
#pragma once

#include <string_view>

namespace hotline::cli {

// Writes `text` to stdout and flushes; throws report::OutputError ("cannot write to standard
// output: ...") when the bytes did not get out (a full disk, a closed pipe's EPIPE).
void write_stdout(std::string_view text);

// At the end of main: flushes stdout (CLI11's --help goes through std::cout) and, if anything
// written to it was lost, prints why on stderr and returns kExitEnvironment when `code` was
// kExitOk. Otherwise returns `code`.
int finish_stdout(int code);

}  // namespace hotline::cli
