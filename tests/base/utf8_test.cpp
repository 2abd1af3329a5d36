#include "base/utf8.h"

#include <gtest/gtest.h>

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
