// An output file that appears under its final name only when it is complete.
//
// Bytes go to "<path>.tmp-<pid>" in the same directory (so the final rename stays on one file
// system and is atomic); commit() flushes, closes and renames the temp file over `path`. If
// the object is destroyed without commit() (an exception, a failed run) the temp file is
// removed, so a half-written file is never passed off as a result.
//
// Writes are buffered (1 MiB by default): the alert and trace writers push tens of millions
// of short lines through one AtomicFile. A write error is remembered and reported by commit()
// (std::runtime_error naming the file and the OS error) rather than thrown from deep inside
// the simulation's observer callbacks. Not thread-safe; one writer per file.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace hotline::report {

class AtomicFile {
 public:
  // Creates the temp file; throws std::runtime_error if it cannot be created.
  explicit AtomicFile(std::string path, std::size_t buffer_bytes = std::size_t{1} << 20);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  // Flushes, closes and renames the temp file over the target; throws std::runtime_error on
  // any write, close or rename failure (the temp file is then removed). Idempotent after a
  // successful commit.
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }
  bool committed() const { return committed_; }

 private:
  void discard() noexcept;

  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;  // stdio buffer (setvbuf); must outlive file_
  int error_ = 0;       // first errno seen while writing
  bool committed_ = false;
};

}  // namespace hotline::report
