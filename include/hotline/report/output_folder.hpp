// The folder a run writes its results into (`--out DIR`), holding the files of one run only.
//
// Contract:
//  - Opening creates DIR (and its parents) and takes an exclusive lock on DIR/.hotline-sim.lock
//    (flock, held until the object is destroyed or the process ends, however it ends). A
//    second run into the same folder is refused at once with an OutputError naming the folder
//    and the pid holding it. Temp files that a killed run left (NAME.tmp-PID of a file this
//    class may publish) are removed: nobody else can be writing them while we hold the lock.
//  - create(name) starts one file of this run: an AtomicFile writing under a temp name.
//  - publish() makes the run's whole set of files visible together, as far as a POSIX folder
//    allows. It first finishes every file (flush, close, check; any write error throws
//    OutputError before anything is renamed, so the earlier run's files stay exactly as they
//    were); then removes the earlier run's manifest.json, renames the new files over the old
//    ones, removes every file an earlier run wrote that this run did not (an alerts.csv left
//    by a run without --alerts-csv off, a replications.csv beside a single run's summary),
//    and writes manifest.json last: the files with their sizes and SHA-256 and whether the
//    run is complete. A folder whose manifest.json is missing, or does not list a file, does
//    not hold a complete run (docs/outputs.md).
//  - Destroyed without publish() (an error, an interrupt), it removes every temp file: the
//    folder keeps the earlier run's files untouched.
// Not thread-safe; one OutputFolder per folder per process.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/report/atomic_file.hpp"

namespace hotline::report {

class OutputFolder {
 public:
  struct Publication {
    std::string command = "run";  // what produced the files ("run", "compare")
    bool complete = true;         // false: an interrupted run kept its finished replications
    std::string note;             // for people: why the set is incomplete
  };
  struct PublishedFile {
    std::string name;  // file name inside the folder
    std::uint64_t bytes = 0;
    std::string sha256;
  };

  static constexpr const char* kManifest = "manifest.json";
  static constexpr const char* kLock = ".hotline-sim.lock";

  // Throws OutputError if the folder cannot be created or written, or is locked by another
  // run; std::invalid_argument for an empty path.
  explicit OutputFolder(std::string dir);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::string& dir() const { return dir_; }
  std::string path(std::string_view name) const;  // DIR/name

  // Starts `name` (a plain file name, one of known_files()); throws std::invalid_argument
  // for another name or one already created. A name ending in .zst is written compressed, at
  // `zstd_level`.
  AtomicFile& create(const std::string& name, int zstd_level = kZstdDefaultLevel);
  // Throws the first write error of any file so far (OutputError): a long run can stop early.
  void check() const;
  // Finishes every file created so far (as publish() does first: throws OutputError on a
  // write error) and returns them with their sizes and SHA-256, for a file that lists the
  // others (report.html). They are still published only by publish(); nothing may be written
  // to them after this.
  std::vector<PublishedFile> finish_created();
  // See the contract. Returns the published files in creation order (manifest.json not
  // included). Throws OutputError; after a failed rename (which a POSIX folder does not
  // give for lack of space) the folder holds no results and manifest.json is absent.
  std::vector<PublishedFile> publish(const Publication& publication);
  bool published() const { return published_; }
  // Files of an earlier run that publish() removed, by name.
  const std::vector<std::string>& removed() const { return removed_; }

  // Every file name hotline-sim may publish in a folder (manifest.json included): the scope
  // of stale-file removal and temp-file clean-up. Other files in the folder are never touched.
  static const std::vector<std::string>& known_files();

 private:
  void lock();
  void remove_stale_temps() noexcept;
  std::vector<std::string> earlier_files() const;  // known files + the old manifest's list

  std::string dir_;
  int lock_fd_ = -1;
  std::vector<std::unique_ptr<AtomicFile>> files_;
  std::vector<std::string> names_;
  std::vector<std::string> removed_;
  bool published_ = false;
};

}  // namespace hotline::report
