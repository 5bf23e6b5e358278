// Reads a partial result (partial_file.hpp) one record at a time, so a merge's memory does
// not grow with the number or size of the partials.
//
// Contract: the constructor reads and checks the header line; next() returns the records in
// file order and std::nullopt after the last one. A file that is not a partial, a line that
// is not valid JSON or a file that ends without its footer (a journal, or a copy cut short)
// throws OutputError naming the file and the line. footer_complete() is known once next()
// returned std::nullopt.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hotline/report/partial_file.hpp"
#include "hotline/study/result_store.hpp"

namespace hotline::report {

struct PartialRecord {
  std::string key;
  int replication = 0;
  study::StoredReplication replication_result;
};

class PartialReader {
 public:
  explicit PartialReader(std::string path);  // throws OutputError
  const PartialHeader& header() const { return header_; }
  std::optional<PartialRecord> next();
  // next() leaves the records' desk-hour series out (not even parsed): a merge that reads
  // them one at a time with desk_hours_at() need not hold a record's series twice.
  void skip_desk_hours(bool skip) { skip_desk_hours_ = skip; }
  // The byte offset in the file of the record next() returned last: desk_hours_at() reads
  // that record's desk-hour series again, so a merge need not hold every series at once.
  std::uint64_t record_offset() const { return record_offset_; }
  // The "desk_hours" of the record at `offset` of the partial at `path` (empty when it has
  // none). Throws OutputError.
  static std::vector<metrics::DeskHour> desk_hours_at(const std::string& path,
                                                      std::uint64_t offset);
  bool footer_complete() const { return complete_; }
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::ifstream in_;
  std::string line_;
  long line_number_ = 0;
  std::uint64_t record_offset_ = 0;
  PartialHeader header_;
  bool ended_ = false, complete_ = false;
  bool skip_desk_hours_ = false;
  std::vector<std::shared_ptr<const std::vector<std::string>>> names_;
};

}  // namespace hotline::report
