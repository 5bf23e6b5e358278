// What the commands say about their output folder, said one way by all of them.
#pragma once

#include "hotline/report/output_folder.hpp"

namespace hotline::cli {

// Logs each file of an earlier run that publishing removed (this run does not write it).
void say_removed(const report::OutputFolder& folder);

}  // namespace hotline::cli
