#include "ingest/html_page.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/utf8.h"

namespace riwaya::ingest {
namespace {

namespace fs = std::filesystem;

struct Collect : Sink {
  std::vector<model::Article> articles;
  std::vector<Rejection> rejections;
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(Rejection&& r) override { rejections.push_back(std::move(r)); }
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Iso(const model::PublishedDate& d) {
  std::time_t t = static_cast<std::time_t>(d.epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, d.date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Collect Parse(std::string_view html, std::string url = "") {
  Collect c;
  Source src;
  src.path = "test.html";
  src.url = std::move(url);
  ParseHtmlPage(html, src, c);
  return c;
}

fs::path FixtureDir() { return fs::path(RIWAYA_SOURCE_DIR) / "tests" / "fixtures" / "html"; }

TEST(HtmlPageFixtures, EveryFixtureMatchesItsExpectedFields) {
  std::vector<fs::path> expected_files;
  for (const auto& e : fs::directory_iterator(FixtureDir())) {
    std::string name = e.path().filename().string();
    if (name.size() > 14 && name.substr(name.size() - 14) == ".expected.json") expected_files.push_back(e.path());
  }
  std::sort(expected_files.begin(), expected_files.end());
  ASSERT_GE(expected_files.size(), 30u);
  for (const fs::path& ef : expected_files) {
    std::string stem = ef.filename().string();
    stem = stem.substr(0, stem.size() - 14);
    SCOPED_TRACE(stem);
    nlohmann::json exp = nlohmann::json::parse(ReadFile(ef));
    Collect c = Parse(ReadFile(FixtureDir() / (stem + ".html")));
    if (exp["rejected"].get<bool>()) {
      EXPECT_TRUE(c.articles.empty());
      ASSERT_EQ(c.rejections.size(), 1u);
      EXPECT_FALSE(c.rejections[0].reason.empty());
      continue;
    }
    ASSERT_EQ(c.articles.size(), 1u) << (c.rejections.empty() ? "" : c.rejections[0].ToString());
    const model::Article& a = c.articles[0];
    EXPECT_EQ(a.title, exp["title"].get<std::string>());
    if (exp["published"].is_null()) {
      EXPECT_FALSE(a.published.known) << Iso(a.published) << " from " << a.published.original;
    } else {
      ASSERT_TRUE(a.published.known);
      EXPECT_EQ(Iso(a.published), exp["published"].get<std::string>()) << a.published.original;
      EXPECT_EQ(a.published.date_only, exp["date_only"].get<bool>());
      EXPECT_FALSE(a.published.original.empty());
    }
    EXPECT_EQ(model::DateSourceName(a.published.source), exp["date_source"].get<std::string>());
    EXPECT_EQ(a.author, exp["author"].get<std::string>());
    EXPECT_EQ(a.outlet, exp["outlet"].get<std::string>());
    EXPECT_EQ(a.credit, exp["credit"].get<std::string>());
    EXPECT_EQ(a.canonical_url, exp["canonical_url"].get<std::string>());
    EXPECT_EQ(a.category, exp["category"].get<std::string>());
    EXPECT_EQ(a.language, exp["language"].get<std::string>());
    EXPECT_EQ(a.paragraphs.size(), exp["paragraphs"].get<size_t>()) << a.Body();
    if (!a.paragraphs.empty()) {
      EXPECT_EQ(a.paragraphs.front(), exp["first_paragraph"].get<std::string>());
      EXPECT_EQ(a.paragraphs.back(), exp["last_paragraph"].get<std::string>());
    }
    EXPECT_EQ(a.links.size(), exp["links"].get<size_t>());
    // Identity follows the canonical URL when there is one.
    if (!a.canonical_url.empty()) EXPECT_EQ(a.key, "url:" + a.canonical_url);
    else EXPECT_EQ(a.key.rfind("html:", 0), 0u);
    EXPECT_EQ(a.id, model::IdForKey(a.key));
  }
}

}  // namespace
}  // namespace riwaya::ingest

namespace riwaya::ingest {
namespace {

const char* kParas =
    "<p>أعلنت وزارة النقل عن خطة لتوسعة شبكة الحافلات في العاصمة لتشمل الأحياء الجديدة في الضواحي الشرقية.</p>"
    "<p>وقال الوزير إن الخطة تتضمن شراء مئتي حافلة تعمل بالكهرباء خلال العامين المقبلين بتمويل من البنك الدولي.</p>"
    "<p>ويشكو سكان الضواحي منذ سنوات من ضعف وسائل النقل العام وطول مدة الانتظار في المحطات.</p>";

TEST(HtmlPageHostile, EmptyDocumentIsRejected) {
  for (std::string_view doc : {std::string_view(""), std::string_view("   \n\t ")}) {
    Collect c = Parse(doc);
    EXPECT_TRUE(c.articles.empty());
    ASSERT_EQ(c.rejections.size(), 1u);
    EXPECT_EQ(c.rejections[0].input, "test.html");
    EXPECT_NE(c.rejections[0].reason.find("empty"), std::string::npos);
  }
}

TEST(HtmlPageHostile, BinaryJunkIsRejectedWithPosition) {
  std::string junk("GIF89a\x01\x00\x01\x00\x00\xff\xff\xff", 13);
  for (int i = 0; i < 200; ++i) junk += static_cast<char>(i * 37 % 256);
  Collect c = Parse(junk);
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.rejections.size(), 1u);
  EXPECT_NE(c.rejections[0].reason.find("binary"), std::string::npos);
  EXPECT_EQ(c.rejections[0].position, "byte 7");
}

TEST(HtmlPageHostile, ScriptOnlyPageHasNoArticle) {
  std::string page = "<html><head><title>تحميل</title><script>var a = '" + std::string(5000, 'x') +
                     "';</script></head><body><script>document.write('<p>نص</p>')</script><noscript>فعّل جافاسكريبت</noscript></body></html>";
  Collect c = Parse(page);
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.rejections.size(), 1u);
  EXPECT_NE(c.rejections[0].reason.find("no article text"), std::string::npos);
}

TEST(HtmlPageHostile, TenThousandNestedElementsStayFastAndKeepText) {
  std::string page = "<html><body>";
  for (int i = 0; i < 10000; ++i) page += (i % 3 == 0) ? "<div>" : (i % 3 == 1 ? "<span>" : "<b>");
  page += kParas;
  auto start = std::chrono::steady_clock::now();
  Collect c = Parse(page);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(secs, 10.0);
  ASSERT_EQ(c.articles.size(), 1u) << (c.rejections.empty() ? "" : c.rejections[0].ToString());
  EXPECT_EQ(c.articles[0].paragraphs.size(), 3u);
}

TEST(HtmlPageHostile, UnclosedTagsAndHugeAttributes) {
  std::string page = "<html><body><div class=\"" + std::string(2 << 20, 'a') + "\"><article><h1>عنوان الخبر</h1>";
  page += "<p>أعلنت وزارة النقل عن خطة لتوسعة شبكة الحافلات في العاصمة لتشمل الأحياء الجديدة في الضواحي الشرقية";
  page += "<p>وقال الوزير إن الخطة تتضمن شراء مئتي حافلة تعمل بالكهرباء خلال العامين المقبلين <b>بتمويل <i>من البنك";
  page += "<div><span>ويشكو سكان الضواحي منذ سنوات من ضعف وسائل النقل العام وطول مدة الانتظار</table></td><a href=";
  Collect c = Parse(page);
  ASSERT_EQ(c.articles.size(), 1u) << (c.rejections.empty() ? "" : c.rejections[0].ToString());
  EXPECT_GE(c.articles[0].paragraphs.size(), 2u);
  EXPECT_EQ(c.articles[0].title, "عنوان الخبر");
}

TEST(HtmlPageHostile, InvalidUtf8IsRepaired) {
  std::string page = "<html><body><article><h1>عنوان \xC3 مكسور</h1>";
  page += kParas;
  page += "<p>فقرة فيها بايتات تالفة \xFF\xFE\xED\xA0\x80 في منتصفها لكنها تبقى نصا عربيا مقروءا.</p></article></body></html>";
  Collect c = Parse(page);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_TRUE(utf8::IsValid(c.articles[0].title));
  EXPECT_TRUE(utf8::IsValid(c.articles[0].Body()));
  EXPECT_EQ(c.articles[0].paragraphs.size(), 4u);
}

TEST(HtmlPageHostile, AbsurdJsonLdIsIgnored) {
  std::string page = "<html><head><script type=\"application/ld+json\">" + std::string(100000, '[') +
                     "</script><script type=\"application/ld+json\">{\"@type\": 5, \"datePublished\": [1, {}]}</script>"
                     "<script type=\"application/ld+json\">{not json</script></head><body><article>";
  page += kParas;
  page += "</article></body></html>";
  Collect c = Parse(page);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_FALSE(c.articles[0].published.known);
}

TEST(HtmlPageHostile, OversizedPageIsRejected) {
  std::string page(17u << 20, ' ');
  page.replace(0, 12, "<html><body>");
  Collect c = Parse(page);
  ASSERT_EQ(c.rejections.size(), 1u);
  EXPECT_NE(c.rejections[0].reason.find("exceeds"), std::string::npos);
}

TEST(HtmlPage, PublishedWinsOverModifiedWhateverTheOrder) {
  std::string page =
      "<html><head><meta property=\"article:modified_time\" content=\"2024-05-02T10:00:00Z\"></head><body><article>"
      "<time class=\"updated\" datetime=\"2024-05-02T10:00:00Z\">2 مايو</time>"
      "<time itemprop=\"dateModified\" datetime=\"2024-05-03T10:00:00Z\">3 مايو</time>"
      "<time class=\"published\" datetime=\"2024-05-01T08:00:00+02:00\">1 مايو</time>";
  page += kParas;
  page += "</article></body></html>";
  Collect c = Parse(page);
  ASSERT_EQ(c.articles.size(), 1u);
  const model::PublishedDate& d = c.articles[0].published;
  ASSERT_TRUE(d.known);
  EXPECT_EQ(d.epoch_seconds, 1714543200);  // 2024-05-01T06:00Z
  EXPECT_EQ(d.source, model::DateSource::kTimeElement);
  EXPECT_EQ(d.original, "2024-05-01T08:00:00+02:00");
}

TEST(HtmlPage, OnlyAModifiedDateMeansUnknown) {
  std::string page =
      "<html><head><meta property=\"article:modified_time\" content=\"2024-05-02T10:00:00Z\"></head><body><article>"
      "<time class=\"updated\" datetime=\"2024-05-02T10:00:00Z\">2 مايو</time>";
  page += kParas;
  page += "</article></body></html>";
  Collect c = Parse(page);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_FALSE(c.articles[0].published.known);
  EXPECT_EQ(c.articles[0].published.source, model::DateSource::kUnknown);
}

TEST(HtmlPage, UrlDateAndKeyFromSourceUrl) {
  std::string page = "<html><body><article>";
  page += kParas;
  page += "</article></body></html>";
  Collect c = Parse(page, "https://news.example/local/2023/11/05/buses.html");
  ASSERT_EQ(c.articles.size(), 1u);
  const model::Article& a = c.articles[0];
  EXPECT_EQ(a.url, "https://news.example/local/2023/11/05/buses.html");
  EXPECT_TRUE(a.canonical_url.empty());
  ASSERT_TRUE(a.published.known);
  EXPECT_TRUE(a.published.date_only);
  EXPECT_EQ(a.published.source, model::DateSource::kUrl);
  EXPECT_EQ(a.published.epoch_seconds, 1699142400);  // 2023-11-05
  EXPECT_EQ(a.key.rfind("html:", 0), 0u);
  // Same content, same key: re-ingesting adds nothing.
  EXPECT_EQ(Parse(page).articles[0].key, a.key);
}

TEST(HtmlPage, BidiMarksArePreserved) {
  std::string page = "<html dir=\"rtl\"><body><article><p>أطلقت شركة \u200fOpenLab\u200f نموذجا جديدا باسم «\u2067Nashmi\u2069» "
                     "للغة العربية، وقالت إنه يتفوق على نماذج أكبر حجما في اختبارات الفهم.</p></article></body></html>";
  Collect c = Parse(page);
  ASSERT_EQ(c.articles.size(), 1u);
  ASSERT_EQ(c.articles[0].paragraphs.size(), 1u);
  EXPECT_NE(c.articles[0].paragraphs[0].find("\u200fOpenLab\u200f"), std::string::npos);
  EXPECT_NE(c.articles[0].paragraphs[0].find("\u2067Nashmi\u2069"), std::string::npos);
}

}  // namespace
}  // namespace riwaya::ingest
