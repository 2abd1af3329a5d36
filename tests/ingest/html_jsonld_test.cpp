#include "ingest/html_jsonld.h"

#include <gtest/gtest.h>

namespace riwaya::ingest::html {
namespace {

TEST(HtmlJsonLd, GraphWithArticleAndBreadcrumbs) {
  LdFacts f = ParseJsonLd({R"({"@context":"https://schema.org","@graph":[
    {"@type":"WebPage","name":"صفحة","datePublished":"2020-01-01"},
    {"@type":"BreadcrumbList","itemListElement":[
      {"@type":"ListItem","position":2,"name":"سياسة"},{"@type":"ListItem","position":1,"name":"الرئيسية"}]},
    {"@type":["Thing","NewsArticle"],"headline":"عنوان","datePublished":"2024-06-26T10:00:00+03:00",
     "author":[{"@type":"Person","name":"أ"},{"@type":"Person","name":"ب"}],"publisher":{"name":"المنفذ"},
     "articleSection":"دولي","mainEntityOfPage":{"@id":"https://x.example/a"}}]})"});
  EXPECT_EQ(f.headline, "عنوان");
  EXPECT_EQ(f.date_published, "2024-06-26T10:00:00+03:00") << "the article's date, not the web page's";
  EXPECT_EQ(f.author, "أ، ب");
  EXPECT_EQ(f.publisher, "المنفذ");
  EXPECT_EQ(f.section, "دولي");
  EXPECT_EQ(f.url, "https://x.example/a");
  ASSERT_EQ(f.breadcrumb.size(), 2u);
  EXPECT_EQ(f.breadcrumb[0], "الرئيسية");
  EXPECT_EQ(f.breadcrumb[1], "سياسة");
}

TEST(HtmlJsonLd, BrokenBlocksAreSkippedAndLaterBlocksFillGaps) {
  LdFacts f = ParseJsonLd({"{\"@type\":\"NewsArticle\",\"headline\":\"x\",}", std::string(500, '{'),
                           R"({"@type":"NewsArticle","headline":7,"datePublished":{"@value":"2024-01-02"}})",
                           R"({"@type":"NewsArticle","headline":"الثاني","author":"كاتب"})"});
  EXPECT_EQ(f.date_published, "2024-01-02");
  EXPECT_EQ(f.headline, "الثاني");
  EXPECT_EQ(f.author, "كاتب");
}

TEST(HtmlJsonLd, NothingUsable) {
  LdFacts f = ParseJsonLd({"", "null", "[1,2,3]", "\"text\""});
  EXPECT_TRUE(f.headline.empty());
  EXPECT_TRUE(f.date_published.empty());
  EXPECT_TRUE(f.breadcrumb.empty());
}

}  // namespace
}  // namespace riwaya::ingest::html
