#include "news/fingerprint.h"

#include <gtest/gtest.h>

#include <set>

namespace riwaya::news {
namespace {

TEST(Fingerprint, IsThirtyTwoHexDigits) {
  const std::string fp = BodyFingerprint("أعلنت وزارة الصحة عن افتتاح مستشفى جديد في مدينة الزرقاء.");
  ASSERT_EQ(fp.size(), 32u);
  for (char c : fp) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << fp;
}

TEST(Fingerprint, ReformattedCopiesMatch) {
  const std::string original =
      "قالت وكالة الأنباء إن الحكومة ستعقد اجتماعاً طارئاً يوم الأحد.\n\n"
      "وأضافت أن الاجتماع سيبحث أزمة المياه في المحافظات الجنوبية.";
  // Same text: different spacing, paragraph breaks, punctuation, tatweel,
  // harakat, alef/teh-marbuta variants and Eastern digits elsewhere.
  const std::string reformatted =
      "  قالت   وكالة الانباء إن الحكومه ستعقد اجتمـــاعاً طارئاً يَوْم الأحد،\n"
      "وأضافت أن الاجتماع سيبحث أزمة المياه في المحافظات الجنوبية!!  ";
  EXPECT_EQ(BodyFingerprint(original), BodyFingerprint(reformatted));
  EXPECT_EQ(BodyFingerprint("بلغ عدد المشاركين ٢٠٢٤ مشاركاً"),
            BodyFingerprint("بلغ عدد المشاركين 2024 مشاركاً"));
}

TEST(Fingerprint, DifferentTextsDiffer) {
  std::set<std::string> seen;
  const char* bodies[] = {
      "ارتفعت أسعار النفط في التعاملات الآسيوية صباح اليوم.",
      "انخفضت أسعار النفط في التعاملات الآسيوية صباح اليوم.",
      "ارتفعت أسعار الذهب في التعاملات الآسيوية صباح اليوم.",
      "ارتفعت أسعار النفط في التعاملات الأوروبية صباح اليوم.",
      "ارتفعت أسعار النفط 3 في المئة.",
      "ارتفعت أسعار النفط 4 في المئة.",
  };
  for (const char* b : bodies) EXPECT_TRUE(seen.insert(BodyFingerprint(b)).second) << b;
}

TEST(Fingerprint, WordBoundariesMatter) {
  // Punctuation separates words; it must not glue or split them silently.
  EXPECT_NE(BodyFingerprint("كتب الوزير"), BodyFingerprint("كتبالوزير"));
  EXPECT_EQ(BodyFingerprint("كتب،الوزير"), BodyFingerprint("كتب الوزير"));
}

TEST(Fingerprint, EmptyBodiesHaveNone) {
  EXPECT_EQ(BodyFingerprint(""), "");
  EXPECT_EQ(BodyFingerprint("   \n\n\t "), "");
  EXPECT_EQ(BodyFingerprint("... ، ؛ !! — «»"), "");
  model::Article a;
  EXPECT_EQ(ArticleFingerprint(a), "");
  a.paragraphs = {"", "  "};
  EXPECT_EQ(ArticleFingerprint(a), "");
}

TEST(Fingerprint, ArticleUsesBodyNotTitle) {
  model::Article a, b;
  a.title = "عنوان أول";
  b.title = "عنوان مختلف تماماً";
  a.paragraphs = {"الفقرة الأولى من الخبر.", "الفقرة الثانية."};
  b.paragraphs = {"الفقرة الأولى من الخبر. الفقرة الثانية."};
  EXPECT_EQ(ArticleFingerprint(a), ArticleFingerprint(b));
  EXPECT_FALSE(ArticleFingerprint(a).empty());
}

TEST(Fingerprint, InvalidUtf8DoesNotCrash) {
  const std::string junk = std::string("خبر \xff\xfe\xc3 عاجل") + std::string(1, '\0') + "نهاية";
  const std::string fp = BodyFingerprint(junk);
  EXPECT_EQ(fp.size(), 32u);
  EXPECT_EQ(FoldForFingerprint(junk), "خبر عاجل نهايه");
}

}  // namespace
}  // namespace riwaya::news
