// Temporary directories and whole-file reads for the report layer's tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hotline::report::testing {

// An empty directory unique to this process and `name`, under the system's temp directory.
inline std::filesystem::path fresh_dir(const char* name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("hotline_report_test_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace hotline::report::testing
