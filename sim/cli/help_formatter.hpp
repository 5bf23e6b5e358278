// CLI11 help layout for hotline-sim: paragraphs and option descriptions word-wrapped to fit
// 100 columns, and the subcommand list on the top-level page showing only the first sentence
// of each subcommand's description (its own --help shows the whole paragraph).
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

namespace hotline::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  static constexpr std::size_t kWidth = 100;

  std::string make_description(const CLI::App* app) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_option_desc(const CLI::Option* opt) const override;
};

// Greedy word wrap: lines of at most `width` characters (longer words stay whole), joined by
// '\n', no trailing newline.
std::string wrap_text(const std::string& text, std::size_t width);

}  // namespace hotline::cli
