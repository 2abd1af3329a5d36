// Fold: the one folding used to match labels, credits and bylines; offsets
// into the original are what let a match cut display text exactly.
#include "ingest/fold.h"

#include <gtest/gtest.h>

#include <string>

namespace riwaya::ingest {
namespace {

TEST(Fold, CharsModeFoldsLettersAndDropsMarks) {
  EXPECT_EQ(FoldChars("اقرأ أيضاً"), "اقرا ايضا");
  EXPECT_EQ(FoldChars("إقرأ ايضًا"), "اقرا ايضا");
  EXPECT_EQ(FoldChars("مواضيع ذات صلة"), "مواضيع ذات صله");
  EXPECT_EQ(FoldChars("Lire AUSSI"), "lire aussi");
  EXPECT_EQ(FoldChars("الــمصدر"), "المصدر");  // tatweel
  EXPECT_EQ(FoldChars("ٱلمُستشفى"), "المستشفي");  // wasla alef, damma, alef maqsura
  EXPECT_EQ(FoldChars("\u200Fالحرة\u200E"), "الحره");  // direction marks are not text
}

TEST(Fold, CharsModeKeepsPunctuationAndSpaces) {
  EXPECT_EQ(FoldChars("  المصدر: أ.ف.ب  "), "  المصدر: ا.ف.ب  ");
}

TEST(Fold, WordsModeTurnsPunctuationIntoSingleSpaces) {
  EXPECT_EQ(FoldWords("إقرأ أيضاً:"), FoldWords("اقرا ايضا"));
  EXPECT_EQ(FoldWords("مدرسةٌ كُبرى"), "مدرسه كبري");
  EXPECT_EQ(FoldWords("  A.F.P  "), "a f p");
  EXPECT_EQ(FoldWords("«القدس» — (رويترز)؛ الأحد…"), "القدس رويترز الاحد");
  EXPECT_EQ(FoldWords(" :- "), "");
}

TEST(Fold, OffsetsPointIntoTheOriginal) {
  const std::string s = "المصدرُ: الحرة";
  FoldedText f = FoldWithOffsets(s, FoldMode::kWords);
  ASSERT_EQ(f.text, "المصدر الحره");
  ASSERT_EQ(f.origin.size(), f.text.size());
  // The space stands for the first separator after the damma: the colon.
  const size_t space = f.text.find(' ');
  EXPECT_EQ(s[f.origin[space]], ':');
  // The word after it starts where "الحرة" starts.
  EXPECT_EQ(s.substr(f.origin[space + 1]), "الحرة");
  EXPECT_EQ(f.consumed, s.size());
}

TEST(Fold, LimitStopsEarlyWithoutSplittingACharacter) {
  const std::string s = "تاريخ النشر: 12 مايو 2024 في صفحة طويلة جداً";
  FoldedText f = FoldWithOffsets(s, FoldMode::kWords, 9);  // byte 9 is inside "خ" (bytes 8-9)
  EXPECT_EQ(f.consumed, 10u);
  EXPECT_EQ(f.text, "تاريخ");
}

TEST(Fold, OriginalEndCoversMarksThatFoldToNothing) {
  const std::string s = "اقرأ أيضاً: مؤتمر المناخ";
  const std::string label = FoldChars("اقرا ايضا");
  // The tanween after "أيضا" belongs to the label: the cut lands on the colon.
  const size_t end = OriginalEnd(s, label.size());
  EXPECT_EQ(s.substr(end), ": مؤتمر المناخ");
  EXPECT_EQ(OriginalEnd(s, 0), 0u);
  EXPECT_EQ(OriginalEnd(s, 100000), s.size());
  // Marks before the cut point are inside the prefix too.
  const std::string t = "الـــمصدر الحرة";
  EXPECT_EQ(t.substr(OriginalEnd(t, FoldChars("المصدر").size())), " الحرة");
}

TEST(Fold, InvalidUtf8FoldsToReplacementAndKeepsOffsetsInRange) {
  const std::string s = std::string("خبر \xFF\xC3 عاجل");
  FoldedText f = FoldWithOffsets(s, FoldMode::kWords);
  for (uint32_t o : f.origin) EXPECT_LT(o, s.size());
  EXPECT_EQ(f.text.find("\xFF"), std::string::npos);
  EXPECT_LE(OriginalEnd(s, f.text.size()), s.size());
}

}  // namespace
}  // namespace riwaya::ingest
