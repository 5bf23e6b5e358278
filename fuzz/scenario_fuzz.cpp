// AFL++ harness for the scenario loader and the --set parser (see fuzz_input.hpp for the input
// format and the contract). Under afl-fuzz it runs in persistent mode over shared memory; given
// file arguments it replays them (used by scripts/fuzz-smoke to replay the corpus) and prints a
// summary, or with `-v FILE...` each file's outcome.
//
// A broken contract calls abort() so that afl-fuzz records the input as a crash; crashes,
// sanitizer reports, hangs (afl -t) and memory over the limit (afl -m or ASan's
// hard_rss_limit_mb) are the other findings.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"

namespace {

void fuzz_one(std::string_view text, const char* label) {
  const hotline::fuzz::FuzzOutcome out = hotline::fuzz::run_fuzz_input(text);
  if (!out.finding.empty()) {
    std::fprintf(stderr, "FINDING in %s: %s\n", label, out.finding.c_str());
    std::abort();
  }
}

}  // namespace

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

int main(int argc, char** argv) {
#ifdef __AFL_FUZZ_TESTCASE_LEN
  if (argc < 2) {
    __AFL_INIT();
    const unsigned char* buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000)) {
      const auto len = static_cast<std::size_t>(__AFL_FUZZ_TESTCASE_LEN);
      fuzz_one(std::string_view(reinterpret_cast<const char*>(buf), len), "<afl input>");
    }
    return 0;
  }
#endif
  if (argc < 2) {
    std::ostringstream s;
    s << std::cin.rdbuf();
    fuzz_one(s.str(), "<stdin>");
    return 0;
  }
  // Replay: each argument is one input; -v first prints each input's outcome.
  const bool verbose = std::string_view(argv[1]) == "-v";
  const int first = verbose ? 2 : 1;
  int loaded = 0;
  for (int i = first; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 2;
    }
    std::ostringstream s;
    s << in.rdbuf();
    const hotline::fuzz::FuzzOutcome out = hotline::fuzz::run_fuzz_input(s.str());
    if (!out.finding.empty()) {
      std::fprintf(stderr, "FINDING in %s: %s\n", argv[i], out.finding.c_str());
      std::abort();
    }
    loaded += out.loaded ? 1 : 0;
    if (verbose) {
      // The first error a user would see: a malformed --set comes before loading.
      const std::string& first = !out.override_error.empty() ? out.override_error : out.error;
      std::printf("%s: %s\n", argv[i], first.empty() ? "loaded" : first.c_str());
    }
  }
  const int n = argc - first;
  std::printf("replayed %d inputs: %d loaded, %d rejected with a ScenarioError\n", n, loaded,
              n - loaded);
  return 0;
}
