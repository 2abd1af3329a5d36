#include "text/stopwords.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "text/normalize.h"

namespace riwaya::text {
namespace {

bool Stop(const StopwordSet& s, std::string_view written) {
  return s.Contains(NormalizeForMatch(written));
}

TEST(Stopwords, CommonParticlesAreStopwords) {
  const StopwordSet s;
  for (std::string_view w : {"في", "من", "إلى", "عن", "أن", "إن", "التي", "الذي", "هذا", "هذه",
                             "ذلك", "لم", "لن", "قد", "كما", "حيث", "متى", "أين", "ماذا"}) {
    EXPECT_TRUE(Stop(s, w)) << w;
  }
}

TEST(Stopwords, MatchedAfterNormalisation) {
  const StopwordSet s;
  EXPECT_TRUE(Stop(s, "الى"));     // written without hamza
  EXPECT_TRUE(Stop(s, "إلَى"));    // with a haraka
  EXPECT_TRUE(Stop(s, "هـذا"));    // with tatweel
  EXPECT_TRUE(s.Contains("الي"));  // the normalised spelling itself
  EXPECT_FALSE(s.Contains("إلى")); // un-normalised input is not looked up
}

TEST(Stopwords, ReportingVerbsAndContentWordsAreNot) {
  const StopwordSet s;
  for (std::string_view w : {"قال", "أكد", "أضاف", "أعلن", "أوضح", "صرح", "علي", "على", "حكومة",
                             "الرئيس", "غزة", "2024", ""}) {
    EXPECT_FALSE(Stop(s, w)) << w;
  }
}

TEST(Stopwords, QuestionWordsWrittenTogetherAndALoneArticle) {
  const StopwordSet s;
  for (std::string_view w : {"ماهو", "ماهي", "ما هي", "بماذا", "ال"}) {
    if (w.find(' ') != std::string_view::npos) continue;  // two words: each is looked up alone
    EXPECT_TRUE(Stop(s, w)) << w;
  }
  // The article is a stopword only standing alone, never inside a word.
  for (std::string_view w : {"الـ", "الحكومة", "ماهر", "الهند"}) EXPECT_EQ(Stop(s, w), std::string_view(w) == "الـ") << w;
}

TEST(Stopwords, CustomListAndHamzaOption) {
  const std::string_view words[] = {"مؤتمر", "ثم"};
  NormalizeOptions fold;
  fold.fold_hamza_carriers = true;
  const StopwordSet folded(words, fold);
  EXPECT_EQ(folded.size(), 2u);
  EXPECT_TRUE(folded.Contains("موتمر"));
  EXPECT_FALSE(folded.Contains("مؤتمر"));
  const StopwordSet plain(words, NormalizeOptions{});
  EXPECT_TRUE(plain.Contains("مؤتمر"));
  EXPECT_FALSE(plain.Contains("في"));
}

TEST(Stopwords, DefaultListIsCompactAndDeduplicated) {
  const StopwordSet s;
  EXPECT_GT(s.size(), 100u);
  EXPECT_LT(s.size(), 400u);
  EXPECT_LE(s.size(), StopwordSet::DefaultArabic().size());
}

}  // namespace
}  // namespace riwaya::text
