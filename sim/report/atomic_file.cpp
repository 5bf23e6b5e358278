#include "hotline/report/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace hotline::report {

namespace {

std::runtime_error file_error(const std::string& what, const std::string& path, int err) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

}  // namespace

AtomicFile::AtomicFile(std::string path, std::size_t buffer_bytes)
    : path_(std::move(path)),
      temp_path_(path_ + ".tmp-" + std::to_string(static_cast<long long>(::getpid()))) {
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (file_ == nullptr) throw file_error("cannot create", temp_path_, errno);
  if (buffer_bytes > 0) {
    buffer_.resize(buffer_bytes);
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  }
}

AtomicFile::~AtomicFile() {
  discard();
}

void AtomicFile::write(std::string_view bytes) {
  if (error_ != 0 || bytes.empty()) return;
  if (file_ == nullptr) {
    // Writing after commit() is a programming error; remember it instead of crashing.
    error_ = EBADF;
    return;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    error_ = errno != 0 ? errno : EIO;
  }
}

void AtomicFile::commit() {
  if (committed_) return;
  if (file_ != nullptr) {
    if (std::fflush(file_) != 0 && error_ == 0) error_ = errno != 0 ? errno : EIO;
    if (std::fclose(file_) != 0 && error_ == 0) error_ = errno != 0 ? errno : EIO;
    file_ = nullptr;
  }
  if (error_ != 0) {
    const int err = error_;
    discard();
    throw file_error("cannot write", path_, err);
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    discard();
    throw file_error("cannot rename temp file to", path_, err);
  }
  committed_ = true;
}

void AtomicFile::discard() noexcept {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!committed_) std::remove(temp_path_.c_str());
}

}  // namespace hotline::report
