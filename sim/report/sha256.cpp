#include "hotline/report/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace hotline::report {

namespace {

std::string to_hex(const unsigned char* digest, unsigned int length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

EVP_MD_CTX* context(void* p) {
  return static_cast<EVP_MD_CTX*>(p);
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 computation failed (OpenSSL EVP_Digest)");
  }
  return to_hex(digest, length);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex(context(ctx_), EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(context(ctx_));
    throw std::runtime_error("SHA-256 computation failed (OpenSSL EVP_DigestInit_ex)");
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(context(ctx_));
}

void Sha256::update(std::string_view bytes) {
  if (bytes.empty()) return;
  if (ctx_ == nullptr || EVP_DigestUpdate(context(ctx_), bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("SHA-256 computation failed (OpenSSL EVP_DigestUpdate)");
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (ctx_ == nullptr || EVP_DigestFinal_ex(context(ctx_), digest, &length) != 1)
    throw std::runtime_error("SHA-256 computation failed (OpenSSL EVP_DigestFinal_ex)");
  EVP_MD_CTX_free(context(ctx_));
  ctx_ = nullptr;
  return to_hex(digest, length);
}

}  // namespace hotline::report
