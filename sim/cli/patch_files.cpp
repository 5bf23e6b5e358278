#include "patch_files.hpp"

#include "hotline/report/sha256.hpp"
#include "hotline/scenario/loader.hpp"

namespace hotline::cli {

std::vector<std::string> patch_hashes(const std::vector<std::string>& files) {
  std::vector<std::string> out;
  for (const auto& f : files)
    out.push_back(f + " sha256:" + report::sha256_hex(scenario::read_patch_file(f).text));
  return out;
}

}  // namespace hotline::cli
