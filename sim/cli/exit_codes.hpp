// Process exit codes of hotline-sim; scripts and CI rely on them.
#pragma once

namespace hotline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;  // a bug or an environment failure (I/O, conservation)
inline constexpr int kExitInvalid = 2;   // bad command line, bad --set, invalid scenario

}  // namespace hotline::cli
