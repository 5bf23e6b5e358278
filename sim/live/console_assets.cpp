#include "hotline/live/console_assets.hpp"

#include <algorithm>

namespace hotline::live {

const ConsoleAsset* find_console_asset(std::string_view path) {
  const auto& all = console_assets();
  const auto it = std::find_if(all.begin(), all.end(),
                               [path](const ConsoleAsset& a) { return a.path == path; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace hotline::live
