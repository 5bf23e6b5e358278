// Shared by the loader's corpus tests: reading inputs, listing a corpus, the time guard.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hotline::scenario::testing {

// The bound is 1 s per file; scripts/corpus-check holds the release binary to it in CPU
// time. Here it is a guard against pathological slowness (a hang, exponential alias walks),
// with room for sanitizer builds (several times slower) and a busy CI machine.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr double kSecondsLimit = 10.0;
#else
inline constexpr double kSecondsLimit = 2.0;
#endif

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The *.yaml files of a directory, sorted by name (empty if it does not exist).
inline std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(dir))
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace hotline::scenario::testing
