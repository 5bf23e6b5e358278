// --patch files as the manifest records them: "FILE sha256:HEX", so a result says exactly which
// version of each patch shaped it.
#pragma once

#include <string>
#include <vector>

namespace hotline::cli {

std::vector<std::string> patch_hashes(const std::vector<std::string>& files);

}  // namespace hotline::cli
