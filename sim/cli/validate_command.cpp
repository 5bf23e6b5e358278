#include "validate_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <new>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/scenario/embedded.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/independent_parts.hpp"

namespace hotline::cli {

namespace {

void print_line(std::FILE* to, const std::string& text) {
  std::fputs(text.c_str(), to);
  std::fputc('\n', to);
}

// "  independent parts: N ..." and one "  joined by: ..." line per thing that joins regions.
std::string parts_text(const scenario::Scenario& s) {
  const study::IndependentParts p = study::independent_parts(s);
  int total = 0, largest = 0;
  for (int c : p.communities) {
    total += c;
    largest = std::max(largest, c);
  }
  std::string out =
      p.count == 1
          ? fmt::format("  independent parts: 1 (all {} communities share resources)\n", total)
          : fmt::format("  independent parts: {} (the largest holds {} of {} communities)\n",
                        p.count, largest, total);
  for (const std::string& j : p.joined_by) out += "  joined by: " + j + "\n";
  return out;
}

}  // namespace

int validate_command(const std::vector<std::string>& scenarios, bool strict,
                     const std::vector<std::string>& patch_files, bool parts) {
  int status = kExitOk;
  std::vector<scenario::Patch> patches;
  for (const auto& f : patch_files) patches.push_back(scenario::read_patch_file(f));
  for (const auto& arg : scenarios) {
    std::string ok;
    try {
      const scenario::Scenario s = scenario::load_scenario(arg, {}, patches);
      for (const scenario::ScenarioWarning& w : s.warnings)
        print_line(stderr, strict ? w.text("error") + " [a warning; --strict]" : w.text());
      if (strict && !s.warnings.empty()) {
        if (status == kExitOk) status = kExitInvalid;
        continue;
      }
      // Say which was checked when a bundled scenario answered to a bare name.
      const std::string from =
          s.source_name == arg ? std::string() : fmt::format(" = {}", s.source_name);
      const std::string warned =
          s.warnings.empty()
              ? ""
              : fmt::format(", {} warning{}", s.warnings.size(), s.warnings.size() == 1 ? "" : "s");
      ok =
          fmt::format("ok: {}{} ({} units, {} desks, {} fraud types, {} rules{})\n", arg, from,
                      s.units.size(), s.desks.size(), s.fraud_types.size(), s.rules.size(), warned);
      if (parts) ok += parts_text(s);
    } catch (const scenario::ScenarioError& e) {
      print_line(stderr, e.what());
      if (status == kExitOk) status = kExitInvalid;
      continue;
    } catch (const std::bad_alloc&) {
      throw;  // the environment, not this file: exit 3
    } catch (const std::exception& e) {
      print_line(stderr, fmt::format("{}: internal error: {}", arg, e.what()));
      status = kExitInternal;
      continue;
    }
    write_stdout(ok);  // throws report::OutputError (exit 3) if stdout is lost
  }
  return status;
}

int list_scenarios_command() {
  // Not a TextTable: descriptions are long, and a dashed rule as wide as the longest one
  // would wrap on any terminal.
  std::size_t width = 0;
  for (const auto& e : scenario::embedded_scenarios()) width = std::max(width, e.file_name.size());
  for (const auto& e : scenario::embedded_scenarios()) {
    std::string description;
    try {
      description =
          scenario::load_scenario_text(e.text, "<embedded:" + std::string(e.file_name) + ">")
              .description;
    } catch (const std::exception& ex) {
      description = std::string("(does not load: ") + ex.what() + ")";
    }
    for (char& c : description) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // one line per scenario
    }
    write_stdout(fmt::format("{:<{}}  {}\n", e.file_name, width, description));
  }
  return kExitOk;
}

}  // namespace hotline::cli
