#include "hotline/report/partial_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "hotline/report/output_error.hpp"
#include "hotline/report/results_db.hpp"
#include "partial_json.hpp"

namespace hotline::report {

namespace {

std::string os_error() {
  return std::strerror(errno);
}

void sync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);  // best effort: the rename itself is what makes the file whole
    ::close(fd);
  }
}

// Throws OutputError when `j`, the first line of `file`, is not the header of the shard
// `expected` describes (the partial at `part`).
void check_header(const std::string& part, const PartialHeader& expected, const std::string& file,
                  const nlohmann::json& j) {
  PartialHeader h;
  try {
    h = detail::parse_partial_header(j);
  } catch (const std::exception& e) {
    throw OutputError(fmt::format("{}: {} (delete it to run the shard afresh)", file, e.what()));
  }
  if (h.plan_sha256 != expected.plan_sha256 || h.shard_index != expected.shard_index ||
      h.shard_count != expected.shard_count)
    throw OutputError(fmt::format(
        "{} holds shard {}/{} of another plan (plan {}; this is shard {}/{} of plan {}): "
        "give this study its own --out folder, or delete the file",
        part, h.shard_index, h.shard_count, h.plan_sha256.substr(0, 12), expected.shard_index,
        expected.shard_count, expected.plan_sha256.substr(0, 12)));
  if (h.program_build != expected.program_build)
    throw OutputError(
        fmt::format("{} was written by another build of hotline-sim ({}; this is {}): its results "
                    "cannot stand in for this build's, delete it to run the shard again",
                    part, h.program_build, expected.program_build));
}

}  // namespace

PartialFile::PartialFile(std::string path, PartialHeader header)
    : path_(std::move(path)),
      journal_(path_ + ".journal"),
      lock_path_(path_ + ".lock"),
      header_(std::move(header)) {
  const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec)
    throw OutputError(
        fmt::format("cannot create the folder {}: {}", parent.string(), ec.message()));
  lock_fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw OutputError(fmt::format("cannot create {}: {}", lock_path_, os_error()));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw OutputError(fmt::format(
        "{} is being written by another process (shard {}/{} runs twice: wait for the other "
        "one to stop, or give it another --out)",
        path_, header_.shard_index, header_.shard_count));
  }
  try {
    // A published partial: complete means done; incomplete becomes the journal again.
    // Checked before it is touched: a part of another plan stays exactly where it is.
    if (std::filesystem::exists(path_) && !std::filesystem::exists(journal_)) {
      std::ifstream in(path_, std::ios::binary);
      std::string first;
      std::getline(in, first);
      const nlohmann::json j = nlohmann::json::parse(first, nullptr, false);
      if (!j.is_discarded()) check_header(path_, header_, path_, j);
      in.close();
      std::filesystem::rename(path_, journal_);
    }
    resume_journal();
  } catch (const std::filesystem::filesystem_error& e) {
    throw OutputError(fmt::format("cannot resume {}: {}", path_, e.what()));
  }
}

PartialFile::~PartialFile() {
  if (fd_ >= 0) ::close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void PartialFile::resume_journal() {
  std::uint64_t keep = 0;  // bytes of whole, valid lines
  bool footer_complete = false;
  if (std::filesystem::exists(journal_)) {
    std::ifstream in(journal_, std::ios::binary);
    std::string line;
    long number = 0;
    std::uint64_t offset = 0;
    while (std::getline(in, line)) {
      ++number;
      if (in.eof()) break;  // no newline: a torn last line, cut off below
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception&) {
        break;  // a line damaged by a crash: it and everything after it are cut off
      }
      if (number == 1) {
        check_header(path_, header_, journal_, j);
      } else {
        detail::PartialLine kind;
        try {
          kind = detail::partial_line_kind(j);
          if (kind == detail::PartialLine::names) {
            const int id = j.at("names").get<int>();
            if (id != static_cast<int>(names_.size())) break;
            names_.push_back(std::make_shared<const std::vector<std::string>>(
                j.at("list").get<std::vector<std::string>>()));
          } else if (kind == detail::PartialLine::record) {
            std::string key;
            int rep = 0;
            detail::parse_partial_record(j, names_, key, rep);
            keys_.insert(key);
          } else {
            footer_complete = j.value("complete", false);
            // The footer is not kept: publish() writes a new one.
            keep = offset;
            break;
          }
        } catch (const std::exception&) {
          break;
        }
      }
      offset += line.size() + 1;
      keep = offset;
    }
  }
  // Complete: every key the shard is to hold is here.
  bool all = footer_complete;
  for (const auto& k : header_.keys) all = all && keys_.count(k) > 0;
  fd_ = ::open(journal_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw OutputError(fmt::format("cannot open {}: {}", journal_, os_error()));
  if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0)
    throw OutputError(fmt::format("cannot write {}: {}", journal_, os_error()));
  if (keep == 0) {
    names_.clear();
    keys_.clear();
    append(detail::partial_header_line(header_));
  }
  if (all) {
    complete_ = true;
    publish(true);  // as it was: the footer back, the journal back under the final name
  }
}

void PartialFile::append(const std::string& text) {
  // One write() per line: a kill leaves either the whole line or a torn one without its
  // newline, which the next open cuts off.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw OutputError(fmt::format("cannot write {}: {}", journal_, os_error()));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0)
    throw OutputError(fmt::format("cannot write {}: {}", journal_, os_error()));
}

std::string PartialFile::key(const std::string& canonical, std::uint64_t seed, int replication) {
  std::string k = replication_key(canonical, seed, replication);
  replication_of_[k] = replication;
  return k;
}

bool PartialFile::has(const std::string& key) {
  return keys_.count(key) > 0;
}

std::optional<study::StoredReplication> PartialFile::load(const std::string&) {
  return std::nullopt;
}

void PartialFile::save(const std::string& key, const study::StoredReplication& r) {
  if (keys_.count(key)) return;
  if (fd_ < 0) throw std::logic_error("PartialFile::save after publish");
  int id = -1;
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == r.kpi_names || *names_[i] == *r.kpi_names) id = static_cast<int>(i);
  std::string text;
  if (id < 0) {
    id = static_cast<int>(names_.size());
    names_.push_back(r.kpi_names);
    text = detail::partial_names_line(id, *r.kpi_names);
  }
  const auto it = replication_of_.find(key);
  if (it == replication_of_.end())
    throw std::logic_error("PartialFile::save of a key that key() did not make");
  text += detail::partial_record_line(key, it->second, id, r);
  append(text);
  keys_.insert(key);
}

void PartialFile::publish(bool complete) {
  if (fd_ < 0) return;
  append(detail::partial_footer_line(complete, records()));
  ::close(fd_);
  fd_ = -1;
  if (::rename(journal_.c_str(), path_.c_str()) != 0)
    throw OutputError(fmt::format("cannot rename {} to {}: {}", journal_, path_, os_error()));
  sync_directory_of(path_);
  if (complete) ::unlink(lock_path_.c_str());  // still held: a waiting rerun finds PATH complete
}

}  // namespace hotline::report
