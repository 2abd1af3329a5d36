// RepeatsLead: a summary that only repeats the body's lead is not kept as the
// abstract (feeds and HTML meta descriptions); a real standfirst is.
#include "ingest/abstract.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/html_page.h"

namespace riwaya::ingest {
namespace {

const std::vector<std::string> kBody = {
    "أعلنت وزارة الصحة، مساء الاثنين، بدء حملة تطعيم وطنية ضد الحصبة تستهدف مليون طفل في المدارس.",
    "وقالت الوزارة إن الحملة تستمر ثلاثة أسابيع، وتشمل المناطق الريفية عبر فرق متنقلة.",
    "ودعت الأهالي إلى مراجعة أقرب مركز صحي للاستفسار.",
};

TEST(RepeatsLead, SameTextUpToDiacriticsPunctuationAndSpacing) {
  EXPECT_TRUE(RepeatsLead(kBody[0], kBody));
  EXPECT_TRUE(RepeatsLead("أعلنت وزارةُ الصحة مساء الاثنين  بدء حملة تطعيم وطنية ضد الحصبة تستهدف مليون طفل في المدارس",
                          kBody));
  EXPECT_TRUE(RepeatsLead("إعلنت وزارة الصحـــة، مساء الإثنين، بدء حملة تطعيم وطنية ضد الحصبة تستهدف مليون طفل في "
                          "المدارس.",
                          kBody));
}

TEST(RepeatsLead, FirstParagraphsJoined) {
  EXPECT_TRUE(RepeatsLead(kBody[0] + " " + kBody[1], kBody));
  EXPECT_FALSE(RepeatsLead(kBody[0] + " " + kBody[2], kBody));  // skips a paragraph: not the lead
}

TEST(RepeatsLead, CutShortOnlyWithAnEllipsis) {
  EXPECT_TRUE(RepeatsLead("أعلنت وزارة الصحة، مساء الاثنين، بدء حملة تطعيم وطنية ضد الحص…", kBody));
  EXPECT_TRUE(RepeatsLead("أعلنت وزارة الصحة، مساء الاثنين، بدء حملة تطعيم [...]", kBody));
  // Without an ellipsis a shorter sentence is the outlet's own summary.
  EXPECT_FALSE(RepeatsLead("أعلنت وزارة الصحة بدء حملة تطعيم.", kBody));
  EXPECT_FALSE(RepeatsLead("أعلنت وزارة الصحة، مساء الاثنين", kBody));
  // An ellipsis on text the lead does not start with.
  EXPECT_FALSE(RepeatsLead("حملة واسعة ضد الحصبة في المدارس...", kBody));
}

TEST(RepeatsLead, NothingToCompare) {
  EXPECT_FALSE(RepeatsLead("", kBody));
  EXPECT_FALSE(RepeatsLead(" ... ", kBody));
  EXPECT_FALSE(RepeatsLead(kBody[0], {}));
  EXPECT_FALSE(RepeatsLead(kBody[0], {"", "  "}));
}

TEST(RepeatsLead, HugeParagraphIsNotFoldedWhole) {
  std::string huge = kBody[0] + " " + std::string(4u << 20, 'x');
  EXPECT_FALSE(RepeatsLead(kBody[0], {huge}));
  EXPECT_TRUE(RepeatsLead(kBody[0] + "…", {huge}));
}

struct Collect : Sink {
  std::vector<model::Article> articles;
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(Rejection&&) override {}
};

std::string Page(const std::string& description) {
  return "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
         "<title>حملة تطعيم وطنية ضد الحصبة</title>"
         "<meta name=\"description\" content=\"" + description + "\"></head><body><article>"
         "<h1>حملة تطعيم وطنية ضد الحصبة</h1>"
         "<p>" + kBody[0] + "</p><p>" + kBody[1] + "</p><p>" + kBody[2] + "</p>"
         "</article></body></html>";
}

TEST(RepeatsLead, HtmlMetaDescriptionRepeatingTheLeadIsDropped) {
  Collect c;
  Source src;
  src.path = "page.html";
  ParseHtmlPage(Page("أعلنت وزارة الصحة، مساء الاثنين، بدء حملة تطعيم وطنية ضد الحصبة تستهدف مليون طفل في المدا..."),
                src, c);
  ASSERT_EQ(c.articles.size(), 1u);
  ASSERT_FALSE(c.articles[0].paragraphs.empty());
  EXPECT_EQ(c.articles[0].paragraphs[0], kBody[0]);  // the body keeps its lead
  EXPECT_EQ(c.articles[0].abstract, "");

  Collect k;
  ParseHtmlPage(Page("مليون طفل في المدارس يتلقون اللقاح خلال ثلاثة أسابيع"), src, k);
  ASSERT_EQ(k.articles.size(), 1u);
  EXPECT_EQ(k.articles[0].abstract, "مليون طفل في المدارس يتلقون اللقاح خلال ثلاثة أسابيع");
}

}  // namespace
}  // namespace riwaya::ingest
