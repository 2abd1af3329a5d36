#include "base/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "base/status.h"

namespace riwaya {
namespace {

TEST(Utf8, ValidArabicPasses) {
  EXPECT_TRUE(utf8::IsValid("وزير الدفاع الأميركي"));
  EXPECT_TRUE(utf8::IsValid(""));
}

TEST(Utf8, FindsFirstInvalidByte) {
  std::string s = "خبر";
  s += '\xC3';  // truncated two-byte sequence
  s += "x";
  EXPECT_EQ(utf8::FindInvalid(s), 6u);
  EXPECT_EQ(utf8::FindInvalid("\xED\xA0\x80"), 0u);  // surrogate
  EXPECT_EQ(utf8::FindInvalid("a\xC0\xAF"), 1u);      // overlong
}

// The definition FindInvalid must agree with, one code point at a time
// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
size_t ReferenceFindInvalid(std::string_view s) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = b(i);
    size_t len;
    char32_t cp, min;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return i;
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

TEST(Utf8, FindInvalidAtEveryOffsetOfArabicAndAsciiRuns) {
  // Long valid runs take the block-at-a-time path; a bad byte at each offset
  // (inside, at the start and at the end of a run) must still be found exactly.
  const std::string arabic = "أعلنت الوزارة اليوم عن خطة جديدة للنقل العام في المدن الكبرى";
  const std::string ascii = "The ministry announced a new plan for public transport 2016";
  for (const std::string& base : {arabic, ascii, arabic + ascii + arabic}) {
    ASSERT_EQ(utf8::FindInvalid(base), std::string_view::npos);
    for (size_t at = 0; at <= base.size(); ++at) {
      for (const char* bad : {"\xC0\x80", "\xC1\xBF", "\xFF", "\x80", "\xD8", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
        const std::string s = base.substr(0, at) + bad + base.substr(at);
        EXPECT_EQ(utf8::FindInvalid(s), ReferenceFindInvalid(s)) << "at " << at << " bad " << bad;
        EXPECT_NE(utf8::FindInvalid(s), std::string_view::npos);
      }
    }
  }
}

TEST(Utf8, FindInvalidAgreesWithReferenceOnRandomBytes) {
  // Strings built from valid sequences of every length, ASCII, Arabic pairs,
  // and single stray bytes, so both the fast paths and the slow one are hit.
  std::mt19937 rng(20160101);
  const std::vector<std::string> pieces = {"a", " ", "abcdefgh", "ب", "ـ", "ك", "\xDF\xBF", "\xC2\x80", "€", "\xEF\xBF\xBF",
                                           "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xC0\xAF", "\xC1\x81", "\xE0\x9F\xBF",
                                           "\xED\xBF\xBF", "\xF0\x8F\xBF\xBF", "\xF5\x80\x80\x80", "\x80", "\xBF", "\xFE"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int parts = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < parts; ++k) {
      // Mostly valid text, so an error often sits deep in a string.
      const size_t pick = rng() % 10 < 8 ? rng() % 12 : rng() % pieces.size();
      s += pieces[pick];
    }
    if (rng() % 4 == 0 && !s.empty()) s.pop_back();  // truncated last sequence
    ASSERT_EQ(utf8::FindInvalid(s), ReferenceFindInvalid(s)) << "round " << round;
  }
}

TEST(Utf8, SanitizeReplacesWithFffd) {
  std::string s = "ا\xFFب";
  EXPECT_EQ(utf8::Sanitize(s), "ا\xEF\xBF\xBDب");
}

TEST(Utf8, DecodesAndLocates) {
  std::string s = "سطر\nثاني";
  size_t i = 0;
  EXPECT_EQ(utf8::Next(s, i), U'س');
  EXPECT_EQ(i, 2u);
  auto lc = utf8::Locate(s, s.find("ثاني") + 2);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 2u);
}

TEST(Status, CarriesCodeAndMessage) {
  Status s = Status::Invalid("file.txt:3: bad date");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "invalid: file.txt:3: bad date");
  Result<int> r = 5;
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(*r, 5);
  Result<int> e = Status::NotFound("x");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace riwaya
