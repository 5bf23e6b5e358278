#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/sha256.hpp"
#include "temp_files.hpp"

namespace fs = std::filesystem;
using hotline::report::AtomicFile;
using hotline::report::testing::fresh_dir;
using hotline::report::testing::read_all;

TEST_CASE("AtomicFile shows nothing under the final name until commit") {
  const fs::path dir = fresh_dir("commit");
  const fs::path target = dir / "out.csv";
  {
    AtomicFile f(target.string(), 16);  // tiny buffer: forces several real writes
    f.write("hello, ");
    f.write("world\n");
    CHECK_FALSE(fs::exists(target));
    CHECK(fs::exists(f.temp_path()));
    CHECK(f.temp_path().find(".tmp-") != std::string::npos);
    f.commit();
    CHECK(f.committed());
    CHECK_FALSE(fs::exists(f.temp_path()));
  }
  CHECK(read_all(target) == "hello, world\n");
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile destroyed without commit leaves neither file nor temp, and keeps the old") {
  const fs::path dir = fresh_dir("abort");
  const fs::path target = dir / "summary.json";
  std::ofstream(target) << "previous result";
  std::string temp;
  {
    AtomicFile f(target.string());
    f.write("half a result");
    temp = f.temp_path();
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK(read_all(target) == "previous result");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile reports a missing directory as an error naming the path") {
  const fs::path dir = fresh_dir("missing");
  const std::string target = (dir / "no" / "such" / "dir" / "x.csv").string();
  try {
    AtomicFile f(target);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("no/such/dir") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("sha256_hex matches the FIPS 180-2 test vectors") {
  using hotline::report::sha256_hex;
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
