// Page lines: label, credit and read-also recognition across spelling variants.
#include "ingest/page_lines.h"

#include <gtest/gtest.h>

namespace riwaya::ingest {
namespace {

TEST(PageLines, ReadAlsoMarkersInEverySpelling) {
  for (std::string_view line : {"إقرأ أيضاً:", "اقرأ أيضا", "اقرأ ايضاً", "اقرأ أيضًا :", "إقرأ ايضا",
                                "اقرا ايضا", "  إقـرأ أيضـاً", "- اقرأ أيضاً -", "مواضيع ذات صلة"}) {
    auto m = MatchReadAlso(line);
    ASSERT_TRUE(m.has_value()) << line;
    EXPECT_TRUE(m->inline_title.empty()) << line;
  }
  auto inline_title = MatchReadAlso("اقرأ أيضاً: الحكومة تعلن خطة جديدة");
  ASSERT_TRUE(inline_title.has_value());
  EXPECT_EQ(inline_title->inline_title, "الحكومة تعلن خطة جديدة");
  for (std::string_view line : {"اقرأوا التقرير كاملا", "قرأ الوزير البيان أيضا", "أيضا اقرأ"}) {
    EXPECT_FALSE(MatchReadAlso(line).has_value()) << line;
  }
}

TEST(PageLines, DateLabelsWithAndWithoutColonAndDiacritics) {
  struct Case {
    std::string_view line, value;
    bool update;
  } cases[] = {
      {"تاريخ النشر: 26th, June 2024 GMT", "26th, June 2024 GMT", false},
      {"تاريخ النشر : 2024-06-26", "2024-06-26", false},
      {"نشر في 5 أغسطس 2022", "5 أغسطس 2022", false},
      {"نُشر بتاريخ: الثلاثاء 14 مايو 2024", "الثلاثاء 14 مايو 2024", false},
      {"نُشِرَ في: ١٢ مارس ٢٠٢٤", "١٢ مارس ٢٠٢٤", false},
      {"آخر تحديث: 21 يناير 2024 - 10:30", "21 يناير 2024 - 10:30", true},
      {"اخر تحديث 21/01/2024", "21/01/2024", true},
      {"تـاريخ النشـر: أمس", "أمس", false},
  };
  for (const Case& c : cases) {
    auto m = MatchDateLabel(c.line);
    ASSERT_TRUE(m.has_value()) << c.line;
    EXPECT_EQ(m->value, c.value) << c.line;
    EXPECT_EQ(m->is_update, c.update) << c.line;
  }
  for (std::string_view line :
       {"نشر في صحيفة الغارديان تقرير مطول عن الأزمة", "نشرت الوكالة الخبر في 3 مايو",
        "بتاريخ طويل من النضال حققت الحركة مكاسب", "تاريخ النشرة الجوية", "نشر في"}) {
    EXPECT_FALSE(MatchDateLabel(line).has_value()) << line;
  }
}

TEST(PageLines, CreditLines) {
  struct Case {
    std::string_view line, credit;
  } cases[] = {
      {"المصدر: الحرة", "الحرة"},
      {"المصدر : وكالة الأناضول.", "وكالة الأناضول"},
      {"المصدر - رويترز", "رويترز"},
      {"(أ ف ب)", "أ ف ب"},
      {"(د.ب.أ)", "د.ب.أ"},
      {"وكالات", "وكالات"},
      {"- وكالات", "وكالات"},
      {"سكاي نيوز عربية", "سكاي نيوز عربية"},
      {"دبي - سكاي نيوز عربية", "سكاي نيوز عربية"},
      {"مصدر الخبر: صحيفة الشرق", "صحيفة الشرق"},
      {"نقلاً عن رويترز", "رويترز"},
  };
  for (const Case& c : cases) {
    auto m = MatchCreditLine(c.line);
    ASSERT_TRUE(m.has_value()) << c.line;
    EXPECT_EQ(*m, c.credit) << c.line;
  }
  for (std::string_view line :
       {"المصدر أكد للصحفيين أن المفاوضات ستستأنف الأسبوع المقبل",
        "(وهو ما نفاه الوفد الآخر في بيان مقتضب صدر مساء الأحد)", "(2024)",
        "عن الحرب والسلام في المنطقة", "قالت وكالات الإغاثة إن الوضع كارثي", ""}) {
    EXPECT_FALSE(MatchCreditLine(line).has_value()) << line;
  }
}

TEST(PageLines, DatelineCredit) {
  EXPECT_EQ(MatchDatelineCredit("باريس (أ ف ب) - قال مسؤولون").value_or(""), "أ ف ب");
  EXPECT_EQ(MatchDatelineCredit("القاهرة - (رويترز): أعلنت").value_or(""), "رويترز");
  EXPECT_FALSE(MatchDatelineCredit("قال الرئيس (في كلمة متلفزة) إن").has_value());
  EXPECT_FALSE(MatchDatelineCredit("شهدت أسواق المال اليوم (الأحد) - وفق").has_value());
}

}  // namespace
}  // namespace riwaya::ingest
