#include "hotline/report/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace hotline::report {

namespace {

OutputError file_error(const std::string& what, const std::string& path, int err) {
  return OutputError(what + " " + path + ": " + std::strerror(err));
}

}  // namespace

namespace {

ZSTD_CCtx* start_zstd(int level) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  if (c == nullptr) return nullptr;
  const bool ok = !ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level)) &&
                  !ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1));
  // One worker thread when the library has them (Debian's does): the caller only hands over
  // its buffer. A fixed count keeps the frame's bytes independent of the machine.
  ZSTD_CCtx_setParameter(c, ZSTD_c_nbWorkers, 1);
  if (!ok) {
    ZSTD_freeCCtx(c);
    return nullptr;
  }
  return c;
}

}  // namespace

AtomicFile::AtomicFile(std::string path, std::size_t buffer_bytes, Compression compression,
                       int zstd_level)
    : path_(std::move(path)),
      temp_path_(path_ + ".tmp-" + std::to_string(static_cast<long long>(::getpid()))),
      capacity_(buffer_bytes > 0 ? buffer_bytes : 1),
      hash_(std::make_unique<Sha256>()) {
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw file_error("cannot create", temp_path_, errno);
  grow(capacity_);
  if (compression == Compression::zstd) {
    zstd_ = start_zstd(zstd_level);
    if (zstd_ == nullptr) {
      discard();
      throw OutputError("cannot start the zstd compressor for " + path_);
    }
    zbuf_.resize(ZSTD_CStreamOutSize());
  }
}

AtomicFile::~AtomicFile() {
  discard();
}

void AtomicFile::write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (fd_ < 0) {
    // Writing after finish() is a programming error; remember it instead of crashing.
    if (error_ == 0) error_ = EBADF;
    return;
  }
  bytes_ += bytes.size();
  if (error_ != 0) return;
  if (used_ + bytes.size() > capacity_) {
    drain();
    if (bytes.size() >= capacity_) {
      wait_idle();
      put(bytes);  // larger than the buffer (a whole summary.json): straight through
      return;
    }
  }
  std::memcpy(buffer_.get() + used_, bytes.data(), bytes.size());
  used_ += bytes.size();
}

char* AtomicFile::reserve(std::size_t max_bytes) {
  if (used_ + max_bytes > capacity_) {
    drain();
    if (max_bytes > buffer_size_) grow(max_bytes);
  }
  return buffer_.get() + used_;
}

void AtomicFile::append_reserved(std::size_t bytes) {
  if (bytes == 0) return;
  if (fd_ < 0) {
    if (error_ == 0) error_ = EBADF;  // as write() after finish()
    return;
  }
  bytes_ += bytes;
  if (error_ != 0) return;  // the bytes are dropped, as write() drops them
  used_ += bytes;
  // A reservation larger than capacity_ is written out at once, like a large write().
  if (used_ >= capacity_) drain();
}

void AtomicFile::grow(std::size_t bytes) {
  // Only called with an empty buffer (drained), so nothing needs copying.
  buffer_ = std::make_unique_for_overwrite<char[]>(bytes);
  buffer_size_ = bytes;
}

void AtomicFile::drain() noexcept {
  if (used_ == 0) return;
  hand_over();
}

void AtomicFile::hand_over() noexcept {
  if (!writer_.joinable() && !no_thread_) {
    // The second buffer and the thread, on the first full buffer: small files never pay.
    try {
      spare_ = std::make_unique_for_overwrite<char[]>(buffer_size_);
      spare_size_ = buffer_size_;
      writer_ = std::thread([this] { writer_loop(); });
    } catch (...) {
      no_thread_ = true;  // out of memory or threads: write in this thread, as before
      spare_.reset();
      spare_size_ = 0;
    }
  }
  if (no_thread_) {
    put(std::string_view(buffer_.get(), used_));
    used_ = 0;
    return;
  }
  {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !busy_; });
    std::swap(buffer_, spare_);
    std::swap(buffer_size_, spare_size_);
    spare_used_ = used_;
    busy_ = true;
  }
  cv_.notify_all();
  used_ = 0;
}

void AtomicFile::wait_idle() noexcept {
  if (!writer_.joinable()) return;
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return !busy_; });
}

void AtomicFile::stop_writer() noexcept {
  if (!writer_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();  // after the buffer in flight is written
}

void AtomicFile::writer_loop() noexcept {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return busy_ || stopping_; });
    if (!busy_) return;  // stopping, nothing in flight
    lock.unlock();
    put(std::string_view(spare_.get(), spare_used_));
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

void AtomicFile::put(std::string_view bytes) noexcept {
  if (bytes.empty() || error_ != 0 || fd_ < 0) return;
  if (zstd_ == nullptr) {
    store(bytes);
    return;
  }
  auto* c = static_cast<ZSTD_CCtx*>(zstd_);
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  while (in.pos < in.size && error_ == 0) {
    ZSTD_outBuffer out{zbuf_.data(), zbuf_.size(), 0};
    if (ZSTD_isError(ZSTD_compressStream2(c, &out, &in, ZSTD_e_continue))) {
      error_ = EIO;
      return;
    }
    store(std::string_view(zbuf_.data(), out.pos));
  }
}

void AtomicFile::end_frame() noexcept {
  auto* c = static_cast<ZSTD_CCtx*>(zstd_);
  ZSTD_inBuffer in{nullptr, 0, 0};
  std::size_t left = 1;
  while (left != 0 && error_ == 0) {
    ZSTD_outBuffer out{zbuf_.data(), zbuf_.size(), 0};
    left = ZSTD_compressStream2(c, &out, &in, ZSTD_e_end);
    if (ZSTD_isError(left)) {
      error_ = EIO;
      return;
    }
    store(std::string_view(zbuf_.data(), out.pos));
  }
}

void AtomicFile::store(std::string_view bytes) noexcept {
  if (bytes.empty() || error_ != 0) return;
  file_bytes_ += bytes.size();
  try {
    hash_->update(bytes);
  } catch (...) {
    error_ = EIO;
    return;
  }
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;  // a signal arrived (the interrupt flag is polled later)
      error_ = errno;
      return;
    }
    if (n == 0) {
      error_ = EIO;
      return;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void AtomicFile::finish() {
  if (finished_) return;
  if (fd_ >= 0) {
    drain();
    stop_writer();
    if (zstd_ != nullptr) {
      end_frame();
      ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(zstd_));
      zstd_ = nullptr;
    }
    if (::close(fd_) != 0 && error_ == 0) error_ = errno;
    fd_ = -1;
  }
  if (error_ != 0) {
    const int err = error_;
    discard();
    throw file_error("cannot write", path_, err);
  }
  sha256_ = hash_->hex();
  finished_ = true;
}

void AtomicFile::commit() {
  if (committed_) return;
  finish();
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    discard();
    throw file_error("cannot rename temp file to", path_, err);
  }
  committed_ = true;
}

void AtomicFile::discard() noexcept {
  stop_writer();
  if (zstd_ != nullptr) {
    ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(zstd_));  // joins its worker
    zstd_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!committed_) ::unlink(temp_path_.c_str());
}

}  // namespace hotline::report
