#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include "hotline/report/text_format.hpp"

using namespace hotline::report;

TEST_CASE("format_duration picks the unit a reader expects") {
  CHECK(format_duration(0.4) == "0.4s");
  CHECK(format_duration(45) == "45s");
  CHECK(format_duration(192) == "3m12s");
  CHECK(format_duration(3599.4) == "59m59s");
  CHECK(format_duration(2 * 3600 + 5 * 60 + 10) == "2h05m");
  CHECK(format_duration(27 * 3600 + 20) == "1d03h");
  CHECK(format_duration(-1) == "-");
  CHECK(format_duration(std::numeric_limits<double>::quiet_NaN()) == "-");
}

TEST_CASE("format_money rounds to whole yuan with thousands separators") {
  CHECK(format_money(0) == "0");
  CHECK(format_money(999.4) == "999");
  CHECK(format_money(1000) == "1,000");
  CHECK(format_money(1234567.8) == "1,234,568");
  CHECK(format_money(-25000) == "-25,000");
  CHECK(format_money(std::numeric_limits<double>::infinity()) == "-");
}

TEST_CASE("format_count groups digits in thousands") {
  CHECK(format_count(0) == "0");
  CHECK(format_count(999) == "999");
  CHECK(format_count(321406) == "321,406");
  CHECK(format_count(-1234567) == "-1,234,567");
  CHECK(format_count(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
}

TEST_CASE("format_percent prints a share as a percentage") {
  CHECK(format_percent(0.953) == "95.3%");
  CHECK(format_percent(1.0, 0) == "100%");
  CHECK(format_percent(0.12345, 2) == "12.35%");
}

TEST_CASE("display_width counts terminal columns, CJK double") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("¥") == 1);
  CHECK(display_width("拉萨") == 4);
  CHECK(display_width("lost (¥)") == 8);
  CHECK(display_width("\xff") == 1);  // invalid byte: counted, never skipped
}

TEST_CASE("append_csv_field quotes only when needed") {
  std::string out;
  append_csv_field(out, "north-a/c1");
  CHECK(out == "north-a/c1");
  out.clear();
  append_csv_field(out, "a,b \"c\"");
  CHECK(out == "\"a,b \"\"c\"\"\"");
}

TEST_CASE("append_json_string escapes quotes, backslashes and control characters") {
  std::string out;
  append_json_string(out, "a\"b\\c\n\x01拉");
  CHECK(out == "\"a\\\"b\\\\c\\n\\u0001拉\"");
}

TEST_CASE("format_days gives whole days plainly and never a long fraction") {
  using hotline::report::format_days;
  CHECK(format_days(15) == "15d");
  CHECK(format_days(0) == "0d");
  CHECK(format_days(2.9166666666666665) == "2d22h");
  CHECK(format_days(0.0625) == "1h30m");
}

TEST_CASE("format_time_left extrapolates the pace so far, once it means something") {
  using hotline::report::format_time_left;
  CHECK(format_time_left(10.0, 0.25) == "about 30s left");
  CHECK(format_time_left(60.0, 0.5) == "about 1m00s left");
  CHECK(format_time_left(3600.0, 0.1) == "about 9h00m left");
  CHECK(format_time_left(0.5, 0.5).empty());     // under a second elapsed
  CHECK(format_time_left(30.0, 0.005).empty());  // under 1% done
  CHECK(format_time_left(30.0, 1.0).empty());    // done
}

TEST_CASE("append_fixed2 prints what printf's %.2f prints, ties to even included") {
  auto fixed2 = [](double v) {
    std::string s;
    hotline::report::append_fixed2(s, v);
    return s;
  };
  auto printf2 = [](double v) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return std::string(buf);
  };
  CHECK(fixed2(0.125) == "0.12");  // an exact tie goes to even
  CHECK(fixed2(0.375) == "0.38");
  CHECK(fixed2(1.005) == "1.00");  // 1.005 is 1.00499999... in binary
  CHECK(fixed2(0.0) == "0.00");
  CHECK(fixed2(-0.0) == "-0.00");
  CHECK(fixed2(8165.81) == "8165.81");
  CHECK(fixed2(5e-324) == "0.00");  // the smallest subnormal
  CHECK(fixed2(999999999999999.9) == printf2(999999999999999.9));
  CHECK(fixed2(-12.345) == printf2(-12.345));
  CHECK(fixed2(1e300) == printf2(1e300));
  // Many values of every magnitude an amount can have, and ties of every size.
  std::uint64_t state = 88172645463325252ULL;
  int differ = 0;
  for (int i = 0; i < 200000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const double v =
        std::ldexp(static_cast<double>(state >> 11), static_cast<int>(state % 64) - 60);
    const double tie = static_cast<double>(state % 1000000) / 8.0;  // x.125, x.375, ...
    if (fixed2(v) != printf2(v)) ++differ;
    if (fixed2(tie) != printf2(tie)) ++differ;
  }
  CHECK(differ == 0);
}
