// SHA-256 (OpenSSL libcrypto) as lowercase hex: the run manifest's scenario fingerprint and
// the hashes of the files an output folder's manifest.json lists.
#pragma once

#include <string>
#include <string_view>

namespace hotline::report {

// 64 lowercase hex digits. Throws std::runtime_error if libcrypto fails (it should not).
std::string sha256_hex(std::string_view bytes);

// The same digest over bytes given in pieces (a file as it is written): update() any number
// of times, then hex() once. Not copyable; not thread-safe.
class Sha256 {
 public:
  Sha256();  // throws std::runtime_error if libcrypto cannot start a digest
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest of everything passed to update(); call once (later calls throw).
  std::string hex();

 private:
  void* ctx_;  // EVP_MD_CTX*, opaque here so the header needs no OpenSSL
};

}  // namespace hotline::report
