// Reads a partial result (partial_file.hpp) one record at a time, so a merge's memory does
// not grow with the number or size of the partials.
//
// Contract: the constructor reads and checks the header line; next() returns the records in
// file order and std::nullopt after the last one. A file that is not a partial, a line that
// is not valid JSON or a file that ends without its footer (a journal, or a copy cut short)
// throws OutputError naming the file and the line. footer_complete() is known once next()
// returned std::nullopt.
#pragma once

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
  bool footer_complete() const { return complete_; }
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::ifstream in_;
  std::string line_;
  long line_number_ = 0;
  PartialHeader header_;
  bool ended_ = false, complete_ = false;
  std::vector<std::shared_ptr<const std::vector<std::string>>> names_;
};

}  // namespace hotline::report
