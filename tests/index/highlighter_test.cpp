// Highlighter: spans on the original text, exact forms, negations ignored,
// windows that hold the most distinct terms, never splitting UTF-8.
#include <gtest/gtest.h>

#include "base/utf8.h"
#include "index/highlighter.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

class HighlighterTest : public ::testing::Test {
 protected:
  Highlighter Make(std::string_view q) {
    auto r = ParseQuery(q, a_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    query_ = *r;
    return Highlighter(a_, query_);
  }
  static std::vector<std::string> Texts(std::string_view text, const std::vector<Span>& spans) {
    std::vector<std::string> v;
    for (auto& s : spans) v.emplace_back(text.substr(s.begin, s.end - s.begin));
    return v;
  }
  testing::TestAnalyzer a_;
  Query query_;
};

TEST_F(HighlighterTest, HighlightsTheWordAsWritten) {
  Highlighter h = Make("حكومة");
  std::string text = "قالت والحكومة إن الحكومة الجديدة ستعمل";
  EXPECT_EQ(Texts(text, h.Highlights(text)), (std::vector<std::string>{"والحكومة", "الحكومة"}));
}

TEST_F(HighlighterTest, ExactFormHighlightsOnlyThatForm) {
  Highlighter h = Make("=والحكومة");
  std::string text = "قالت والحكومة إن الحكومة";
  EXPECT_EQ(Texts(text, h.Highlights(text)), std::vector<std::string>{"والحكومة"});
}

TEST_F(HighlighterTest, NegatedWordsAreNotHighlighted) {
  Highlighter h = Make("نفط -غاز");
  std::string text = "النفط والغاز";
  EXPECT_EQ(Texts(text, h.Highlights(text)), std::vector<std::string>{"النفط"});
}

TEST_F(HighlighterTest, SnippetPicksTheWindowWithMostDistinctTerms) {
  Highlighter h = Make("نفط قطر");
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "كلام عادي ";
  std::string text = "النفط في البداية " + filler + "ثم قطر والنفط معا " + filler;
  Snippet s = h.Make(text, 40);
  ASSERT_FALSE(s.text.empty());
  EXPECT_TRUE(utf8::IsValid(s.text));
  EXPECT_TRUE(s.cut_before);
  EXPECT_TRUE(s.cut_after);
  EXPECT_EQ(text.substr(s.begin, s.text.size()), s.text);
  EXPECT_EQ(Texts(s.text, s.highlights), (std::vector<std::string>{"قطر", "والنفط"}));
  size_t cps = 0;
  for (unsigned char c : s.text) cps += (c & 0xC0) != 0x80;
  EXPECT_LE(cps, 40u);
}

TEST_F(HighlighterTest, NoMatchGivesTheOpening) {
  Highlighter h = Make("قطر");
  std::string text = "بداية النص هنا ثم كلام كثير لا علاقة له بالموضوع";
  Snippet s = h.Make(text, 12);
  EXPECT_EQ(s.begin, 0u);
  EXPECT_TRUE(s.highlights.empty());
  EXPECT_TRUE(utf8::IsValid(s.text));
  EXPECT_TRUE(s.cut_after);
}

TEST_F(HighlighterTest, ShortTextIsWhole) {
  Highlighter h = Make("نفط");
  std::string text = "النفط";
  Snippet s = h.Make(text, 100);
  EXPECT_EQ(s.text, text);
  EXPECT_FALSE(s.cut_before);
  EXPECT_FALSE(s.cut_after);
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_EQ(s.highlights[0].begin, 0u);
  EXPECT_EQ(s.highlights[0].end, text.size());
}

TEST(HighlighterRealAnalyzerTest, HighlightsPrefixedFormsAsWritten) {
  std::unique_ptr<text::Analyzer> light = text::MakeAnalyzer("light");
  if (!light) GTEST_SKIP() << "SKIP: light analyzer not available";
  auto q = ParseQuery("حكومة", *light);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  Highlighter h(*light, *q);
  std::string text = "أعلنت وَالحكومةُ الجديدة، وقال رئيس الحكومات: للحكومة أولويات.";
  std::vector<std::string> got;
  for (auto& s : h.Highlights(text)) got.emplace_back(text.substr(s.begin, s.end - s.begin));
  // Spans cover the original bytes, diacritics included.
  EXPECT_EQ(got, (std::vector<std::string>{"وَالحكومةُ", "الحكومات", "للحكومة"}));
}

}  // namespace
}  // namespace riwaya::index
