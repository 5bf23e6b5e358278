// `hotline-sim validate`: load each scenario and report "ok: ..." or its error.
#pragma once

#include <string>
#include <vector>

namespace hotline::cli {

// Prints "ok: FILE (N units, M desks, K fraud types, R rules)" on stdout for each valid file
// and the one-line error on stderr for each invalid one. Returns kExitOk if all are valid,
// kExitInvalid if any is invalid, kExitInternal if loading failed for another reason.
int validate_command(const std::vector<std::string>& scenarios);

// `hotline-sim list-scenarios`: the bundled scenario names with their descriptions.
int list_scenarios_command();

}  // namespace hotline::cli
