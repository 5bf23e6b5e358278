#include "help_formatter.hpp"

#include <sstream>

namespace hotline::cli {

std::string wrap_text(const std::string& text, std::size_t width) {
  std::istringstream words(text);
  std::string word;
  std::string out;
  std::size_t line = 0;
  while (words >> word) {
    if (line > 0 && line + 1 + word.size() > width) {
      out.push_back('\n');
      line = 0;
    } else if (line > 0) {
      out.push_back(' ');
      ++line;
    }
    out += word;
    line += word.size();
  }
  return out;
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string desc = app->get_description();
  return desc.empty() ? std::string{} : wrap_text(desc, kWidth) + "\n\n";
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  std::string desc = sub->get_description();
  const auto end = desc.find(". ");
  if (end != std::string::npos) desc.resize(end + 1);
  std::stringstream out;
  CLI::detail::format_help(out, sub->get_display_name(), wrap_text(desc, kWidth - column_width_),
                           column_width_);
  return out.str();
}

std::string HelpFormatter::make_option_desc(const CLI::Option* opt) const {
  return wrap_text(CLI::Formatter::make_option_desc(opt), kWidth - column_width_);
}

}  // namespace hotline::cli
