// `hotline-sim validate`: load each scenario and report "ok: ..." or its error.
#pragma once

#include <string>
#include <vector>

namespace hotline::cli {

// Prints "ok: FILE (N units, M desks, K fraud types, R rules[, W warnings])" on stdout for each
// valid file, its warnings ("FILE:LINE:COL: warning: ...") and the one-line error of each
// invalid one on stderr. With `strict`, a file with warnings is invalid: they are printed as
// errors and it gets no "ok". Returns kExitOk if all are valid, kExitInvalid if any is invalid,
// kExitInternal if loading failed for another reason.
// `patches` (--patch files) are merged over each scenario before it is checked.
// With `parts`, each "ok" line is followed by the scenario's independent parts
// (study::independent_parts) and what joins them.
int validate_command(const std::vector<std::string>& scenarios, bool strict = false,
                     const std::vector<std::string>& patches = {}, bool parts = false);

// `hotline-sim list-scenarios`: the bundled scenario names with their descriptions.
int list_scenarios_command();

}  // namespace hotline::cli
