// An output file that appears under its final name only when it is complete.
//
// Bytes go to "<path>.tmp-<pid>" in the same directory (so the final rename stays on one file
// system and is atomic). finish() flushes and closes the temp file and checks that every
// byte reached it; commit() finishes, then renames the temp file over `path`. If the object is
// destroyed without commit() (an exception, a failed or interrupted run) the temp file is
// removed, so a half-written file is never passed off as a result. OutputFolder uses finish()
// on every file of a run before it renames any of them, so one failed file publishes none.
//
// Writes are buffered (1 MiB by default): the alert and trace writers push tens of millions
// of short lines through one AtomicFile. The SHA-256 of the content is computed as the buffer
// is written out (about 1.9 GB/s with SHA-NI), for the folder's manifest.json. A write error
// (a full disk, EFBIG past a file-size limit) is remembered and reported by finish() as an
// OutputError naming the file and the OS error, rather than thrown from deep inside the
// simulation's observer callbacks; failed() lets a caller stop early between simulated days.
// With Compression::zstd the file is one zstd frame (content checksum; level 3 unless the
// constructor says otherwise) of the bytes written: `zstdcat FILE` gives exactly what the plain
// file would hold. Compression runs on one
// zstd worker thread, so the simulation hands over its buffer and goes on; the frame's bytes
// depend only on the content (a fixed worker count), not on timing or write sizes. The
// SHA-256 and size are those of the compressed file on disk.
// A file that outgrows its buffer (the per-alert and trace files; never a summary) gets a
// writer thread: a full buffer is handed over and a second one filled meanwhile, so hashing,
// compressing and the write() system calls run beside the simulation rather than in it. One
// buffer is in flight at a time and they are written in order, so the bytes (and the frame)
// are those of a single-threaded write.
// Not thread-safe; one writer per file.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "hotline/report/output_error.hpp"
#include "hotline/report/sha256.hpp"

namespace hotline::report {

enum class Compression { none, zstd };

// zstd levels (docs/performance.md, issue 18 target 5, has the measurements): 3 for the full
// alerts.csv (819 MB a national month: speed first); 6 for the compact columns, whose third of
// the bytes level 6 compresses ~7% smaller at ~75 MB/s, still faster than a run produces them.
// Larger windows, long-distance matching and larger jobs gained nothing on these files.
inline constexpr int kZstdDefaultLevel = 3;
inline constexpr int kZstdCompactLevel = 6;

class AtomicFile {
 public:
  // Creates the temp file; throws OutputError if it cannot be created (or, with zstd, if the
  // compressor cannot start).
  explicit AtomicFile(std::string path, std::size_t buffer_bytes = std::size_t{1} << 20,
                      Compression compression = Compression::none,
                      int zstd_level = kZstdDefaultLevel);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  // In-place writing, for a writer that formats a line straight into the buffer (alerts.csv:
  // one copy of each byte less than formatting into a string and write()-ing it).
  // reserve(n) returns room for at most n bytes (always valid memory, also after an error);
  // then append_reserved(k), k <= n, adds the first k of them to the file, as write() would.
  // Nothing else may be written in between. Room beyond the buffer's size is granted by
  // growing the buffer once, so n may be anything; O(1) unless the buffer is written out.
  char* reserve(std::size_t max_bytes);
  void append_reserved(std::size_t bytes);
  // Writes out the buffer, closes the temp file and checks for errors; throws OutputError on
  // any write or close failure (the temp file is then removed). The temp file stays until
  // commit() or destruction. Idempotent after success.
  void finish();
  // finish(), then renames the temp file over the target; throws OutputError on failure (the
  // temp file is then removed). Idempotent after a successful commit.
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }
  bool committed() const { return committed_; }
  bool finished() const { return finished_; }
  // A write already failed (finish() will throw): the run may as well stop.
  bool failed() const { return error_ != 0; }
  int error() const { return error_; }  // the first write's errno, 0 if none
  // Accepted by write() so far; after finish(), the size of the file on disk (compressed).
  std::uint64_t bytes() const { return finished_ ? file_bytes_ : bytes_; }
  std::uint64_t content_bytes() const { return bytes_; }  // before compression
  // Lowercase hex SHA-256 of the content; empty before finish().
  const std::string& sha256() const { return sha256_; }

 private:
  void drain() noexcept;                  // buffer -> put(); buffer emptied
  void grow(std::size_t bytes);           // the buffer holds at least `bytes`
  void put(std::string_view) noexcept;    // -> (compressor) -> store(); remembers the first error
  void store(std::string_view) noexcept;  // -> hash -> file
  void end_frame() noexcept;              // zstd: the frame's last block and checksum
  void discard() noexcept;
  // The writer thread (started by the first drain() with bytes): hand_over() waits until the
  // buffer in flight is written, then passes buffer_ to the thread and takes its empty one;
  // wait_idle() waits for the buffer in flight; stop_writer() writes it and joins the thread.
  void hand_over() noexcept;
  void wait_idle() noexcept;
  void stop_writer() noexcept;
  void writer_loop() noexcept;

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;  // capacity_ bytes (more after a larger reserve())
  std::size_t buffer_size_ = 0;     // allocated bytes of buffer_
  std::size_t used_ = 0;            // bytes of buffer_ not yet written out
  std::size_t capacity_;            // write out when a write would pass this
  std::unique_ptr<Sha256> hash_;
  std::string sha256_;
  std::uint64_t bytes_ = 0;
  std::uint64_t file_bytes_ = 0;
  void* zstd_ = nullptr;       // ZSTD_CCtx*, opaque here so the header needs no zstd.h
  std::string zbuf_;           // compressed output on its way to store()
  std::atomic<int> error_{0};  // first errno seen while writing (set by either thread)
  // The writer thread's state: the buffer it writes (spare_, spare_used_ bytes of it), guarded
  // by mutex_; busy_ while it holds one. Everything put() and store() touch (hash, zstd, fd,
  // file_bytes_) belongs to the writer thread while it runs and to the caller once it is idle.
  std::thread writer_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::unique_ptr<char[]> spare_;
  std::size_t spare_size_ = 0;
  std::size_t spare_used_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  bool no_thread_ = false;  // the thread could not start: write in the caller's thread
  bool finished_ = false;
  bool committed_ = false;
};

}  // namespace hotline::report
