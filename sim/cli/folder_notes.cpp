#include "folder_notes.hpp"

#include <spdlog/spdlog.h>

namespace hotline::cli {

void say_removed(const report::OutputFolder& folder) {
  for (const auto& name : folder.removed())
    spdlog::info("removed {} (left by an earlier run; this run does not write it)",
                 folder.path(name));
}

}  // namespace hotline::cli
