// The browser console's files (web/console/*), compiled into the binary at build time
// (cmake/embed_console.cmake), so `serve` needs no files on disk and no network.
#pragma once

#include <string_view>
#include <vector>

namespace hotline::live {

struct ConsoleAsset {
  std::string_view path;          // "/console/console.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
};

// Every file of web/console/, sorted by path.
const std::vector<ConsoleAsset>& console_assets();
// The asset at `path` ("/console/NAME"), or nullptr.
const ConsoleAsset* find_console_asset(std::string_view path);

}  // namespace hotline::live
