#include "hotline/report/output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace hotline::report {

namespace fs = std::filesystem;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// "alerts.csv.tmp-1234" -> true when the part before ".tmp-" is a known file and the rest is
// a pid.
bool is_temp_of_known(const std::string& name) {
  const std::size_t at = name.rfind(".tmp-");
  if (at == std::string::npos || at + 5 >= name.size()) return false;
  if (!std::all_of(name.begin() + static_cast<std::ptrdiff_t>(at + 5), name.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return contains(OutputFolder::known_files(), name.substr(0, at));
}

std::string read_small_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

const std::vector<std::string>& OutputFolder::known_files() {
  static const std::vector<std::string> names = {
      "summary.json",     "alerts.csv",    "alerts.csv.zst", "desks.csv",
      "replications.csv", "intervals.csv", "trace.jsonl",    "comparison.csv",
      "comparison.json",  "sweep.csv",     "sweep.json",     "calibration.csv",
      "calibration.json", "patch.yaml",    "patch.set",      "report.html",
      "roster.yaml",      "optimise.json", "optimise.csv",   "exercise-log.json",
      "review.json",      "review.html",   "units.csv",      kManifest};
  return names;
}

OutputFolder::OutputFolder(std::string dir) : dir_(std::move(dir)) {
  if (dir_.empty()) throw std::invalid_argument("the output directory is an empty path");
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) {
    throw OutputError("cannot create output directory " + dir_ + ": " +
                      (ec ? ec.message() : std::string("a file of that name exists")));
  }
  lock();
  remove_stale_temps();
}

OutputFolder::~OutputFolder() {
  files_.clear();                        // removes the temp files of an unpublished run
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock; the (empty) lock file stays
}

void OutputFolder::lock() {
  const std::string lock_path = path(kLock);
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0)
    throw OutputError("cannot write in output directory " + dir_ + ": " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err == EWOULDBLOCK) {
      std::string holder = read_small_file(lock_path);
      while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw OutputError("output directory " + dir_ + " is in use by another hotline-sim run" +
                        (holder.empty() ? std::string() : " (pid " + holder + ")") +
                        ": wait for it to finish, or give this run another --out");
    }
    // A file system without locks (ENOLCK, EOPNOTSUPP on some network mounts): go on
    // unlocked rather than refuse every run there.
    if (err != ENOLCK && err != EOPNOTSUPP) {
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw OutputError("cannot lock output directory " + dir_ + ": " + std::strerror(err));
    }
  }
  // Who holds the lock, for the message a second run prints. Best effort.
  const std::string pid = std::to_string(static_cast<long long>(::getpid())) + "\n";
  if (::ftruncate(lock_fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(lock_fd_, pid.data(), pid.size(), 0);
  }
}

void OutputFolder::remove_stale_temps() noexcept {
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code ignored;
    if (is_temp_of_known(name) && it->is_regular_file(ignored)) fs::remove(it->path(), ignored);
  }
}

std::string OutputFolder::path(std::string_view name) const {
  return (fs::path(dir_) / fs::path(name)).string();
}

AtomicFile& OutputFolder::create(const std::string& name, int zstd_level) {
  if (!contains(known_files(), name) || name == kManifest)
    throw std::invalid_argument("OutputFolder: '" + name + "' is not a result file name");
  if (contains(names_, name))
    throw std::invalid_argument("OutputFolder: '" + name + "' created twice");
  const bool zst = name.size() > 4 && name.compare(name.size() - 4, 4, ".zst") == 0;
  files_.push_back(std::make_unique<AtomicFile>(
      path(name), std::size_t{1} << 20, zst ? Compression::zstd : Compression::none, zstd_level));
  names_.push_back(name);
  return *files_.back();
}

void OutputFolder::check() const {
  for (const auto& f : files_)
    if (f->failed())
      throw OutputError("cannot write " + f->path() + ": " + std::strerror(f->error()));
}

std::vector<OutputFolder::PublishedFile> OutputFolder::finish_created() {
  std::vector<PublishedFile> out;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    files_[i]->finish();
    out.push_back({names_[i], files_[i]->bytes(), files_[i]->sha256()});
  }
  return out;
}

std::vector<std::string> OutputFolder::earlier_files() const {
  std::vector<std::string> names = known_files();
  // The old manifest may list files of a later version of hotline-sim: honour it, but only
  // plain names inside this folder.
  std::error_code ec;
  const fs::path manifest = path(kManifest);
  if (!fs::is_regular_file(manifest, ec)) return names;
  try {
    const auto doc = nlohmann::json::parse(read_small_file(manifest));
    for (const auto& f : doc.at("files")) {
      const std::string name = f.at("name").get<std::string>();
      if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
          name.front() == '.')
        continue;
      if (!contains(names, name)) names.push_back(name);
    }
  } catch (const std::exception&) {
    // An unreadable manifest lists nothing; the known names still apply.
  }
  return names;
}

std::vector<OutputFolder::PublishedFile> OutputFolder::publish(const Publication& publication) {
  if (published_) throw std::logic_error("OutputFolder::publish called twice");
  // 1. Every file complete and checked before anything becomes visible.
  for (auto& f : files_) f->finish();

  const std::vector<std::string> earlier = earlier_files();
  std::error_code ec;
  // 2. From here until the new manifest exists, the folder claims no complete run.
  fs::remove(path(kManifest), ec);
  // 3. The new files over the old.
  std::vector<PublishedFile> out;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    try {
      files_[i]->commit();
    } catch (const OutputError& e) {
      // Half the set is new, half old: remove every result so nothing mixed stays behind.
      for (const auto& name : earlier) fs::remove(path(name), ec);
      throw OutputError(std::string(e.what()) + "; " + dir_ +
                        " now holds no results (the earlier ones were partly replaced)");
    }
    out.push_back({names_[i], files_[i]->bytes(), files_[i]->sha256()});
  }
  // 4. Stale files of an earlier run.
  for (const auto& name : earlier) {
    if (name == kManifest || contains(names_, name)) continue;
    const fs::path p = path(name);
    if (fs::is_regular_file(fs::symlink_status(p, ec)) && fs::remove(p, ec))
      removed_.push_back(name);
  }
  // 5. The manifest, last.
  nlohmann::ordered_json doc;
  doc["program"] = "hotline-sim";
  doc["version"] = HOTLINE_VERSION;
  doc["command"] = publication.command;
  doc["complete"] = publication.complete;
  if (!publication.note.empty()) doc["note"] = publication.note;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& f : out)
    files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  doc["files"] = std::move(files);
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  AtomicFile manifest(path(kManifest));
  manifest.write(text);
  manifest.commit();
  published_ = true;
  return out;
}

}  // namespace hotline::report
