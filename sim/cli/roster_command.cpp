#include "roster_command.hpp"

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/roster_patch.hpp"

namespace hotline::cli {

int roster_command(const RosterArgs& args) {
  std::vector<scenario::Override> overrides;
  for (const auto& s : args.sets) overrides.push_back(scenario::parse_override(s));
  std::vector<scenario::Patch> patches;
  for (const auto& f : args.patches) patches.push_back(scenario::read_patch_file(f));
  const scenario::Scenario s = scenario::load_scenario(args.scenario, overrides, patches);
  const std::string text = scenario::roster_patch(s);
  if (args.out.empty()) {
    write_stdout(text);
  } else {
    report::AtomicFile file(args.out);
    file.write(text);
    file.commit();
  }
  return kExitOk;
}

}  // namespace hotline::cli
