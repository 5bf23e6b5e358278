// The environment refused an output: a folder that cannot be created or written, a full disk,
// a file-size limit, a folder another run is writing to. Not a bug of hotline-sim and not bad
// input: the CLI maps it to its own exit code (3, docs/robustness.md). what() is one line that
// names the file or folder and says what the operating system reported.
#pragma once

#include <stdexcept>
#include <string>

namespace hotline::report {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace hotline::report
