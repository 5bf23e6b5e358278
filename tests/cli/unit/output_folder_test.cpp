// OutputFolder: a run's files published together, stale files removed, concurrent runs
// refused, a failed run leaving the earlier one untouched (issue 17).
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/sha256.hpp"
#include "temp_files.hpp"

namespace fs = std::filesystem;
using hotline::report::AtomicFile;
using hotline::report::OutputError;
using hotline::report::OutputFolder;
using hotline::report::sha256_hex;
using hotline::report::testing::fresh_dir;
using hotline::report::testing::read_all;

namespace {

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("AtomicFile hashes and counts what it writes, across buffer drains") {
  const fs::path dir = fresh_dir("hash");
  std::string expected;
  AtomicFile f((dir / "x.csv").string(), 7);  // a tiny buffer: many drains
  for (int i = 0; i < 100; ++i) {
    const std::string piece =
        "row " + std::to_string(i) + (i % 10 == 0 ? std::string(20, 'x') : "") + "\n";
    f.write(piece);
    expected += piece;
  }
  CHECK(f.sha256().empty());
  f.finish();
  CHECK(f.bytes() == expected.size());
  CHECK(f.sha256() == sha256_hex(expected));
  CHECK_FALSE(fs::exists(dir / "x.csv"));  // finished, not yet published
  f.commit();
  CHECK(read_all(dir / "x.csv") == expected);
  fs::remove_all(dir);
}

TEST_CASE("OutputFolder shows none of a run's files until publish, then all with a manifest") {
  const fs::path dir = fresh_dir("publish") / "out" / "nested";
  OutputFolder folder(dir.string());
  folder.create("summary.json").write("{}\n");
  folder.create("alerts.csv").write("id\n1\n");
  CHECK(names_in(dir) == std::set<std::string>{".hotline-sim.lock",
                                               "alerts.csv.tmp-" + std::to_string(::getpid()),
                                               "summary.json.tmp-" + std::to_string(::getpid())});
  const auto published = folder.publish({"run", true, ""});
  REQUIRE(published.size() == 2);
  CHECK(published[0].name == "summary.json");
  CHECK(names_in(dir) ==
        std::set<std::string>{".hotline-sim.lock", "alerts.csv", "manifest.json", "summary.json"});
  const auto m = nlohmann::json::parse(read_all(dir / "manifest.json"));
  CHECK(m["complete"] == true);
  CHECK(m["command"] == "run");
  REQUIRE(m["files"].size() == 2);
  CHECK(m["files"][1]["name"] == "alerts.csv");
  CHECK(m["files"][1]["bytes"] == 5);
  CHECK(m["files"][1]["sha256"] == sha256_hex("id\n1\n"));
  fs::remove_all(dir.parent_path().parent_path());
}

TEST_CASE("OutputFolder removes the files of an earlier run that this run does not write") {
  const fs::path dir = fresh_dir("stale");
  for (const char* name : {"summary.json", "alerts.csv", "replications.csv", "trace.jsonl"})
    write_file(dir / name, "old");
  write_file(dir / "notes.txt", "the user's");
  // An earlier manifest naming a file of a later version, and one trying to leave the folder.
  write_file(dir / "future.csv", "old");
  write_file(dir / "manifest.json",
             R"({"files": [{"name": "future.csv"}, {"name": "../escape"}, {"name": ".x"}]})");
  write_file(dir.parent_path() / "escape", "outside");
  {
    OutputFolder folder(dir.string());
    folder.create("summary.json").write("new");
    folder.publish({"run", true, ""});
    CHECK(std::set<std::string>(folder.removed().begin(), folder.removed().end()) ==
          std::set<std::string>{"alerts.csv", "replications.csv", "trace.jsonl", "future.csv"});
  }
  CHECK(names_in(dir) ==
        std::set<std::string>{".hotline-sim.lock", "manifest.json", "notes.txt", "summary.json"});
  CHECK(read_all(dir / "summary.json") == "new");
  CHECK(read_all(dir.parent_path() / "escape") == "outside");
  fs::remove(dir.parent_path() / "escape");
  fs::remove_all(dir);
}

TEST_CASE("OutputFolder destroyed without publish leaves the earlier run exactly as it was") {
  const fs::path dir = fresh_dir("unpublished");
  write_file(dir / "summary.json", "old summary");
  write_file(dir / "manifest.json", R"({"files": [{"name": "summary.json"}]})");
  {
    OutputFolder folder(dir.string());
    folder.create("summary.json").write("new summary");
    folder.create("desks.csv").write("new desks");
  }  // an exception or an interrupt
  CHECK(names_in(dir) ==
        std::set<std::string>{".hotline-sim.lock", "manifest.json", "summary.json"});
  CHECK(read_all(dir / "summary.json") == "old summary");
  fs::remove_all(dir);
}

TEST_CASE("a second OutputFolder on the same folder is refused while the first is open") {
  const fs::path dir = fresh_dir("lock");
  {
    OutputFolder first(dir.string());
    try {
      OutputFolder second(dir.string());
      FAIL("expected OutputError");
    } catch (const OutputError& e) {
      const std::string what = e.what();
      CHECK(what.find("is in use by another hotline-sim run (pid " + std::to_string(::getpid())) !=
            std::string::npos);
      CHECK(what.find("give this run another --out") != std::string::npos);
    }
  }
  OutputFolder again(dir.string());  // released with the first
  fs::remove_all(dir);
}

TEST_CASE("OutputFolder removes temp files a killed run left, and only those") {
  const fs::path dir = fresh_dir("temps");
  write_file(dir / "alerts.csv.tmp-424242", "half");
  write_file(dir / "mine.csv.tmp-1", "the user's");
  write_file(dir / "alerts.csv.tmp-x", "not a pid");
  OutputFolder folder(dir.string());
  CHECK(names_in(dir) ==
        std::set<std::string>{".hotline-sim.lock", "mine.csv.tmp-1", "alerts.csv.tmp-x"});
  fs::remove_all(dir);
}

TEST_CASE(
    "a write error publishes nothing and keeps the earlier run (RLIMIT_FSIZE as a full disk)") {
  const fs::path dir = fresh_dir("full");
  write_file(dir / "summary.json", "old");
  write_file(dir / "alerts.csv", "old alerts");
  {
    OutputFolder folder(dir.string());
    folder.create("summary.json").write("new");
    AtomicFile& big = folder.create("alerts.csv");
    // Past the limit, write() fails with EFBIG (SIGXFSZ ignored), as on a full disk.
    struct sigaction ignore {
    }, old_action{};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ignore, &old_action);
    rlimit old_limit{};
    getrlimit(RLIMIT_FSIZE, &old_limit);
    rlimit limit = old_limit;
    limit.rlim_cur = 4096;
    setrlimit(RLIMIT_FSIZE, &limit);
    big.write(std::string(1 << 21, 'x'));
    setrlimit(RLIMIT_FSIZE, &old_limit);
    sigaction(SIGXFSZ, &old_action, nullptr);
    CHECK(big.failed());
    CHECK_THROWS_WITH_AS(folder.check(), doctest::Contains("alerts.csv: File too large"),
                         OutputError);
    CHECK_THROWS_WITH_AS(folder.publish({"run", true, ""}), doctest::Contains("cannot write"),
                         OutputError);
  }
  CHECK(names_in(dir) == std::set<std::string>{".hotline-sim.lock", "alerts.csv", "summary.json"});
  CHECK(read_all(dir / "summary.json") == "old");
  CHECK(read_all(dir / "alerts.csv") == "old alerts");
  fs::remove_all(dir);
}

TEST_CASE("OutputFolder refuses names it does not publish and an unusable folder") {
  const fs::path dir = fresh_dir("names");
  {
    OutputFolder folder(dir.string());
    CHECK_THROWS_AS(folder.create("../x.csv"), std::invalid_argument);
    CHECK_THROWS_AS(folder.create("manifest.json"), std::invalid_argument);
    folder.create("desks.csv");
    CHECK_THROWS_AS(folder.create("desks.csv"), std::invalid_argument);
  }
  write_file(dir / "a-file", "x");
  CHECK_THROWS_WITH_AS(OutputFolder((dir / "a-file").string()),
                       doctest::Contains("cannot create output directory"), OutputError);
  CHECK_THROWS_AS(OutputFolder(""), std::invalid_argument);
  fs::remove_all(dir);
}
