#include "ingest/html_credit.h"

#include <gtest/gtest.h>

namespace riwaya::ingest::html {
namespace {

TEST(HtmlCredit, CreditLines) {
  EXPECT_EQ(CreditOfLine("المصدر: الحرة"), "الحرة");
  EXPECT_EQ(CreditOfLine("المصدر : سكاي نيوز عربية."), "سكاي نيوز عربية");
  EXPECT_EQ(CreditOfLine("المصدر - وكالات"), "وكالات");
  EXPECT_EQ(CreditOfLine("(أ ف ب)"), "أ ف ب");
  EXPECT_EQ(CreditOfLine("وكالات"), "وكالات");
  EXPECT_EQ(CreditOfLine("رويترز"), "رويترز");
  EXPECT_EQ(CreditOfLine("Source : APS"), "APS");
  EXPECT_EQ(CreditOfLine("Avec AFP"), "AFP");
  // Not credit lines: prose that mentions a source, or a long parenthesis.
  EXPECT_EQ(CreditOfLine("المصدري للسلع الزراعية يعاني من تراجع الطلب"), "");
  EXPECT_EQ(CreditOfLine("وقالت رويترز إن المحادثات ستستأنف الأسبوع المقبل في القاهرة."), "");
  EXPECT_EQ(CreditOfLine("Avec le soutien de la mairie"), "");
  EXPECT_EQ(CreditOfLine(""), "");
}

TEST(HtmlCredit, TakeCreditsFromTheEdges) {
  std::vector<std::string> p = {"الفقرة الأولى من الخبر.", "الفقرة الثانية من الخبر.", "المصدر: الحرة", "وكالات"};
  EXPECT_EQ(TakeCredits(p), "الحرة، وكالات");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.back(), "الفقرة الثانية من الخبر.");

  std::vector<std::string> q = {"سطر أول.", "وقالت الوزارة إن الاجتماع سيعقد الأحد المقبل. (رويترز)"};
  EXPECT_EQ(TakeCredits(q), "رويترز");
  EXPECT_EQ(q.back(), "وقالت الوزارة إن الاجتماع سيعقد الأحد المقبل.");

  // A credit line in the middle is text, and a lone paragraph is never emptied.
  std::vector<std::string> r = {"وكالات"};
  EXPECT_EQ(TakeCredits(r), "");
  EXPECT_EQ(r.size(), 1u);
  std::vector<std::string> s = {"أولى.", "(أ ف ب)", "ثالثة."};
  EXPECT_EQ(TakeCredits(s), "");
  EXPECT_EQ(s.size(), 3u);
  // "(صور)" at the end is not an agency.
  std::vector<std::string> t = {"أولى.", "افتتاح المعرض بحضور الوزير (صور)"};
  EXPECT_EQ(TakeCredits(t), "");
  EXPECT_EQ(t.back(), "افتتاح المعرض بحضور الوزير (صور)");
}

TEST(HtmlCredit, Datelines) {
  EXPECT_EQ(DatelineCredit("بيروت (رويترز) - قال مسؤولون إن..."), "رويترز");
  EXPECT_EQ(DatelineCredit("القاهرة - (أ ف ب): أعلنت الحكومة"), "أ ف ب");
  EXPECT_EQ(DatelineCredit("أعلنت الحكومة (في بيان) أن..."), "");
  EXPECT_EQ(DatelineCredit(""), "");
}

TEST(HtmlCredit, ReadAlsoLabels) {
  std::string a = "اقرأ أيضاً: عنوان الخبر";
  size_t n = ReadAlsoLabelLength(a);
  ASSERT_GT(n, 0u);
  EXPECT_EQ(a.substr(n), "عنوان الخبر");
  EXPECT_GT(ReadAlsoLabelLength("إقرأ ايضا"), 0u);
  EXPECT_GT(ReadAlsoLabelLength("اقرأ أيضًا"), 0u);
  EXPECT_GT(ReadAlsoLabelLength("مواضيع ذات صلة"), 0u);
  EXPECT_GT(ReadAlsoLabelLength("Lire aussi : la suite"), 0u);
  EXPECT_EQ(ReadAlsoLabelLength("اقرأ أيضاًالخبر"), 0u);  // not a word boundary
  EXPECT_EQ(ReadAlsoLabelLength("relatedness of events"), 0u);
  EXPECT_EQ(ReadAlsoLabelLength("قال الوزير اقرأ أيضا"), 0u);  // label must open the text
}

}  // namespace
}  // namespace riwaya::ingest::html
