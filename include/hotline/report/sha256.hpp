// SHA-256 (OpenSSL libcrypto) as lowercase hex, for the run manifest's scenario fingerprint.
#pragma once

#include <string>
#include <string_view>

namespace hotline::report {

// 64 lowercase hex digits. Throws std::runtime_error if libcrypto fails (it should not).
std::string sha256_hex(std::string_view bytes);

}  // namespace hotline::report
