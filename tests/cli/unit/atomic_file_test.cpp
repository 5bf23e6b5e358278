#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zstd.h>

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

namespace {

std::string unzstd(const std::string& frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  REQUIRE(size != ZSTD_CONTENTSIZE_ERROR);
  // A streamed frame need not record its size; decompress in a stream then.
  std::string out;
  ZSTD_DStream* d = ZSTD_createDStream();
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  while (in.pos < in.size) {
    ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
    const std::size_t r = ZSTD_decompressStream(d, &o, &in);
    REQUIRE_FALSE(ZSTD_isError(r));
    out.append(chunk.data(), o.pos);
  }
  ZSTD_freeDStream(d);
  return out;
}

}  // namespace

TEST_CASE("AtomicFile with zstd holds the content compressed, the same bytes however written") {
  const fs::path dir = fresh_dir("zstd");
  std::string content;
  for (int i = 0; i < 200000; ++i) content += "row " + std::to_string(i * 7919 % 100003) + ",x\n";
  auto write = [&](const fs::path& target, std::size_t buffer, std::size_t piece) {
    AtomicFile f(target.string(), buffer, hotline::report::Compression::zstd);
    for (std::size_t at = 0; at < content.size(); at += piece) f.write(content.substr(at, piece));
    f.commit();
    CHECK(f.content_bytes() == content.size());
    CHECK(f.bytes() == fs::file_size(target));  // what the manifest lists: the file on disk
    CHECK(f.sha256() == hotline::report::sha256_hex(read_all(target)));
  };
  write(dir / "a.zst", std::size_t{1} << 20, 4096);
  write(dir / "b.zst", 1000, 77);  // other buffer and write sizes
  const std::string a = read_all(dir / "a.zst");
  CHECK(a.size() * 4 < content.size());  // it is compressed
  CHECK(unzstd(a) == content);
  CHECK(read_all(dir / "b.zst") == a);
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile with zstd destroyed without commit leaves no file") {
  const fs::path dir = fresh_dir("zstd_abort");
  std::string temp;
  {
    AtomicFile f((dir / "alerts.csv.zst").string(), 64, hotline::report::Compression::zstd);
    temp = f.temp_path();
    f.write(std::string(1000, 'x'));
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK_FALSE(fs::exists(dir / "alerts.csv.zst"));
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile::reserve writes in place the bytes write() would, whatever the sizes") {
  const fs::path dir = fresh_dir("reserve");
  std::string content;
  for (int i = 0; i < 5000; ++i) content += std::to_string(i * 7919 % 100003) + ",row\n";
  // Mixed in-place and copied writes, through buffers smaller and larger than a reservation.
  auto write = [&](const fs::path& target, std::size_t buffer, std::size_t piece,
                   hotline::report::Compression compression) {
    AtomicFile f(target.string(), buffer, compression);
    bool in_place = true;
    for (std::size_t at = 0; at < content.size(); at += piece, in_place = !in_place) {
      const std::string part = content.substr(at, piece);
      if (in_place) {
        char* p = f.reserve(part.size() + 50);  // more room than the part needs
        part.copy(p, part.size());
        f.append_reserved(part.size());
      } else {
        f.write(part);
      }
    }
    f.append_reserved(0);  // nothing: allowed
    f.commit();
    CHECK(f.content_bytes() == content.size());
  };
  const auto none = hotline::report::Compression::none;
  const auto zstd = hotline::report::Compression::zstd;
  write(dir / "big.csv", std::size_t{1} << 20, 333, none);
  write(dir / "small.csv", 16, 7, none);  // reservations larger than the buffer
  write(dir / "tiny.csv", 1, 100, none);  // every reservation larger than the buffer
  CHECK(read_all(dir / "big.csv") == content);
  CHECK(read_all(dir / "small.csv") == content);
  CHECK(read_all(dir / "tiny.csv") == content);
  write(dir / "a.zst", std::size_t{1} << 20, 4096, zstd);
  write(dir / "b.zst", 100, 33, zstd);
  CHECK(unzstd(read_all(dir / "a.zst")) == content);
  CHECK(read_all(dir / "b.zst") == read_all(dir / "a.zst"));  // the frame ignores write sizes
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile::append_reserved after finish is an error, like write()") {
  const fs::path dir = fresh_dir("reserve_late");
  AtomicFile f((dir / "x.csv").string());
  f.write("a\n");
  f.finish();
  char* p = f.reserve(10);  // still valid memory
  p[0] = 'b';
  f.append_reserved(1);
  CHECK(f.failed());
  CHECK(f.bytes() == 2);  // the file on disk holds what came before finish()
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile reports a write error of its writer thread at finish, and keeps nothing") {
  const fs::path dir = fresh_dir("writer_error");
  std::string temp;
  {
    // A 1 KiB buffer: every write below fills one, so the writes past the limit fail in the
    // writer thread, not in the caller's.
    AtomicFile f((dir / "alerts.csv").string(), 1024);
    temp = f.temp_path();
    struct sigaction ignore {
    }, old_action{};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ignore, &old_action);
    rlimit old_limit{};
    getrlimit(RLIMIT_FSIZE, &old_limit);
    rlimit limit = old_limit;
    limit.rlim_cur = 8192;
    setrlimit(RLIMIT_FSIZE, &limit);
    for (int i = 0; i < 64; ++i) f.write(std::string(1000, 'a' + i % 26));
    bool threw = false;
    try {
      f.finish();
    } catch (const hotline::report::OutputError& e) {
      threw = true;
      CHECK(std::string(e.what()).find("File too large") != std::string::npos);
    }
    setrlimit(RLIMIT_FSIZE, &old_limit);
    sigaction(SIGXFSZ, &old_action, nullptr);
    CHECK(threw);
    CHECK(f.failed());
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK_FALSE(fs::exists(dir / "alerts.csv"));
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile through its writer thread holds every byte in order, with its hash") {
  const fs::path dir = fresh_dir("writer_order");
  std::string content;
  for (int i = 0; i < 300000; ++i) content += std::to_string(i) + "\n";
  AtomicFile f((dir / "trace.jsonl").string(), 4096);  // ~500 hand-overs
  for (std::size_t at = 0; at < content.size(); at += 1000) f.write(content.substr(at, 1000));
  f.commit();
  CHECK(read_all(dir / "trace.jsonl") == content);
  CHECK(f.bytes() == content.size());
  CHECK(f.sha256() == hotline::report::sha256_hex(content));
  fs::remove_all(dir);
}

TEST_CASE("AtomicFile destroyed without commit while its writer thread works leaves no file") {
  // An interrupted run: the destructor must stop the writer thread mid-stream (plain and
  // zstd), then remove the temp file; neither a temp nor a final file may remain.
  const fs::path dir = fresh_dir("writer_abort");
  for (const auto compression :
       {hotline::report::Compression::none, hotline::report::Compression::zstd}) {
    std::string temp;
    {
      AtomicFile f((dir / "alerts.csv").string(), 2048, compression);
      temp = f.temp_path();
      for (int i = 0; i < 2000; ++i) f.write(std::string(1500, 'a' + i % 26));
    }
    CHECK_FALSE(fs::exists(temp));
    CHECK_FALSE(fs::exists(dir / "alerts.csv"));
  }
  fs::remove_all(dir);
}
