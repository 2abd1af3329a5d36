#include "ingest/feed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/utf8.h"

namespace riwaya::ingest {
namespace {

namespace fs = std::filesystem;

struct Collect : Sink {
  std::vector<model::Article> articles;
  std::vector<Rejection> rejections;
  std::vector<FetchTask> fetches;
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(Rejection&& r) override { rejections.push_back(std::move(r)); }
  void Fetch(FetchTask&& t) override { fetches.push_back(std::move(t)); }
};

std::string Fixture(const std::string& name) {
  std::ifstream in(fs::path(RIWAYA_SOURCE_DIR) / "tests" / "fixtures" / "feeds" / name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Collect Parse(std::string_view xml, std::string path = "feed.xml") {
  Collect c;
  Source src;
  src.path = std::move(path);
  src.kind = "feed";
  ParseFeed(xml, src, c);
  return c;
}

TEST(Feed, RssWithCdataContentBecomesArticles) {
  std::string xml = Fixture("01_rss_cdata_content.xml");
  ASSERT_FALSE(xml.empty());
  Collect c = Parse(xml);
  EXPECT_TRUE(c.rejections.empty());
  ASSERT_EQ(c.articles.size(), 2u);
  const model::Article& a = c.articles[0];
  EXPECT_EQ(a.title, "بورصة دبي تغلق على ارتفاع بدعم من أسهم العقارات");
  EXPECT_EQ(a.url, "https://alkhaleej-eco.example/markets/dfm-close-real-estate");
  EXPECT_EQ(a.key, "url:https://alkhaleej-eco.example/markets/dfm-close-real-estate");
  EXPECT_EQ(a.id, model::IdForKey(a.key));
  EXPECT_EQ(a.outlet, "الخليج الاقتصادي");
  EXPECT_EQ(a.language, "ar");
  EXPECT_EQ(a.author, "منى الزعابي");
  EXPECT_EQ(a.category, "أسواق");
  EXPECT_EQ(a.credit, "وام");  // "المصدر: وام" left the body
  ASSERT_EQ(a.paragraphs.size(), 3u);
  EXPECT_EQ(a.paragraphs[0].rfind("ارتفع المؤشر العام لسوق دبي المالي", 0), 0u);
  EXPECT_EQ(a.abstract, "ارتفع المؤشر العام لسوق دبي المالي بنسبة 0.8 في المئة.");
  ASSERT_TRUE(a.published.known);
  EXPECT_FALSE(a.published.date_only);
  EXPECT_EQ(a.published.epoch_seconds, 1718015700);  // 2024-06-10T14:35+04:00 = 10:35Z
  EXPECT_EQ(a.published.source, model::DateSource::kFeed);
  EXPECT_EQ(a.published.original, "Mon, 10 Jun 2024 14:35:00 +0400");
  EXPECT_EQ(a.origin.kind, "feed");
  EXPECT_EQ(a.origin.record, 0);
  EXPECT_GT(a.origin.line, 5);
  EXPECT_EQ(c.articles[1].published.epoch_seconds, 1717923600);  // 09 Jun 2024 09:00 GMT
  EXPECT_EQ(c.articles[1].paragraphs.size(), 2u);
  // The third item only has a one-line teaser: its page must be fetched.
  ASSERT_EQ(c.fetches.size(), 1u);
  EXPECT_FALSE(c.fetches[0].is_feed);
  EXPECT_EQ(c.fetches[0].url, "https://alkhaleej-eco.example/economy/saudi-pmi-may");
  EXPECT_EQ(c.fetches[0].title, "مؤشر مديري المشتريات في السعودية يتراجع");
  EXPECT_EQ(c.fetches[0].feed, "feed.xml");
  EXPECT_TRUE(c.fetches[0].published.known);
  EXPECT_EQ(c.fetches[0].published.epoch_seconds, 1717564500);  // 08:15+03:00
}

TEST(Feed, HeadlineOnlyItemsBecomeFetchTasks) {
  Collect c = Parse(Fixture("02_rss_headlines_only.xml"));
  EXPECT_TRUE(c.articles.empty());
  EXPECT_TRUE(c.rejections.empty());
  ASSERT_EQ(c.fetches.size(), 4u);
  EXPECT_EQ(c.fetches[0].url, "https://ajel-jo.example/n/55001");
  EXPECT_TRUE(c.fetches[0].published.known);
  EXPECT_FALSE(c.fetches[2].published.known) << "an unparseable pubDate stays unknown";
  EXPECT_EQ(c.fetches[3].url, "https://ajel-jo.example/n/55004") << "permalink guid stands in for the link";
}

TEST(Feed, AtomEntries) {
  Collect c = Parse(Fixture("03_atom.xml"));
  EXPECT_TRUE(c.rejections.empty());
  ASSERT_EQ(c.articles.size(), 2u);
  const model::Article& a = c.articles[0];
  EXPECT_EQ(a.title, "الذكاء الاصطناعي يدخل غرف الأخبار العربية");
  EXPECT_EQ(a.url, "https://sharq-tech.example/2024/08/ai-newsrooms");
  EXPECT_EQ(a.outlet, "مدونة الشرق للتقنية");
  EXPECT_EQ(a.author, "يوسف الحسيني");
  EXPECT_EQ(a.category, "ذكاء اصطناعي");
  EXPECT_EQ(a.language, "ar");
  EXPECT_EQ(a.paragraphs.size(), 2u);
  ASSERT_TRUE(a.published.known);
  EXPECT_EQ(a.published.epoch_seconds, 1724135400) << "published wins over updated";  // 06:30Z
  // xhtml content: two sentences make it an article.
  EXPECT_EQ(c.articles[1].url, "https://sharq-tech.example/2024/08/xhtml-entry");
  ASSERT_EQ(c.articles[1].paragraphs.size(), 1u);
  EXPECT_NE(c.articles[1].paragraphs[0].find("تطبيق لتعليم البرمجة"), std::string::npos);
  ASSERT_EQ(c.fetches.size(), 1u);
  EXPECT_EQ(c.fetches[0].url, "https://sharq-tech.example/2024/08/tunisia-cubesat");
  EXPECT_TRUE(c.fetches[0].published.known);  // only <updated>
}

TEST(Feed, OpmlListsFeedsToPoll) {
  Collect c = Parse(Fixture("04_opml.xml"));
  EXPECT_TRUE(c.articles.empty());
  EXPECT_TRUE(c.rejections.empty());
  ASSERT_EQ(c.fetches.size(), 4u);
  for (const FetchTask& t : c.fetches) EXPECT_TRUE(t.is_feed);
  EXPECT_EQ(c.fetches[0].url, "https://alkhaleej-eco.example/feed");
  EXPECT_EQ(c.fetches[0].title, "الخليج الاقتصادي");
  EXPECT_EQ(c.fetches[2].url, "https://maghreb-actu.example/rss?lang=fr&cat=eco");
  EXPECT_EQ(c.fetches[2].title, "Maghreb Actu & Économie");
  EXPECT_EQ(c.fetches[3].url, "https://sharq-tech.example/atom.xml");
}

TEST(Feed, MalformedXmlIsRejectedWithPositionAndGoodItemsKept) {
  std::string xml = Fixture("05_malformed_truncated.xml");
  Collect c = Parse(xml, "bad.xml");
  ASSERT_EQ(c.rejections.size(), 1u);
  EXPECT_EQ(c.rejections[0].input, "bad.xml");
  EXPECT_NE(c.rejections[0].position.find("line "), std::string::npos);
  EXPECT_NE(c.rejections[0].position.find("byte "), std::string::npos);
  EXPECT_NE(c.rejections[0].reason.find("malformed XML"), std::string::npos);
  // The two complete items survive; the cut one is not trusted.
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].url, "https://alwatan-arabi.example/n/1");
  ASSERT_EQ(c.fetches.size(), 1u);
  EXPECT_EQ(c.fetches[0].url, "https://alwatan-arabi.example/n/2");
}

TEST(Feed, EntitiesAndEscapedHtmlAreDecoded) {
  Collect c = Parse(Fixture("06_entities.xml"));
  EXPECT_TRUE(c.rejections.empty());
  ASSERT_EQ(c.articles.size(), 1u);
  const model::Article& a = c.articles[0];
  EXPECT_EQ(a.title, "مهرجان \"قرطاج\" يكرّم الفنانين الرواد");
  EXPECT_EQ(a.url, "https://thaqafa-funun.example/carthage?id=7&lang=ar");
  EXPECT_EQ(a.outlet, "أخبار الثقافة & الفنون");
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_NE(a.paragraphs[1].find("«اعتراف بجيل كامل»"), std::string::npos) << a.paragraphs[1];
  EXPECT_EQ(a.paragraphs[0].find('<'), std::string::npos);
  ASSERT_EQ(c.fetches.size(), 1u);
  EXPECT_EQ(c.fetches[0].title, "Tom & Jerry بالعربية: إعادة دبلجة السلسلة الشهيرة");
}

TEST(Feed, EmptyChannelYieldsNothing) {
  Collect c = Parse(Fixture("07_empty_channel.xml"));
  EXPECT_TRUE(c.articles.empty());
  EXPECT_TRUE(c.fetches.empty());
  EXPECT_TRUE(c.rejections.empty());
}

TEST(Feed, BadItemsAreRejectedOneByOne) {
  Collect c = Parse(Fixture("08_bad_items.xml"));
  ASSERT_EQ(c.rejections.size(), 2u);
  EXPECT_NE(c.rejections[0].position.find("item 1"), std::string::npos);
  EXPECT_NE(c.rejections[1].position.find("item 2"), std::string::npos);
  ASSERT_EQ(c.fetches.size(), 1u);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].key, "guid:madina-budget-2025");
  EXPECT_FALSE(c.articles[0].published.known);
}

TEST(Feed, Rss1RdfItems) {
  Collect c = Parse(Fixture("09_rss1_rdf.xml"));
  ASSERT_EQ(c.fetches.size(), 1u);
  EXPECT_EQ(c.fetches[0].url, "https://arshif-qadim.example/2009/05/14/wheat");
  ASSERT_TRUE(c.fetches[0].published.known);
  EXPECT_TRUE(c.fetches[0].published.date_only);
  EXPECT_EQ(c.fetches[0].published.epoch_seconds, 1242259200);  // 2009-05-14
}

TEST(Feed, OtherXmlIsNotAFeed) {
  Collect c = Parse(Fixture("10_not_a_feed.xml"));
  ASSERT_EQ(c.rejections.size(), 1u);
  EXPECT_NE(c.rejections[0].reason.find("sitemap"), std::string::npos);
}

TEST(Feed, EmptyAndBinaryInputAreRejected) {
  Collect empty = Parse("   \n");
  ASSERT_EQ(empty.rejections.size(), 1u);
  EXPECT_NE(empty.rejections[0].reason.find("empty"), std::string::npos);
  std::string junk("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Collect bin = Parse(junk);
  ASSERT_EQ(bin.rejections.size(), 1u);
  EXPECT_TRUE(bin.articles.empty());
}

TEST(Feed, InvalidUtf8IsRepairedNotPropagated) {
  std::string xml =
      "<rss><channel><title>قناة \xFF\xFE</title><item><title>عنوان \xC3 مكسور</title>"
      "<link>https://x.example/a</link><description>جملة أولى كاملة في هذا الخبر القصير. وجملة ثانية تكمل "
      "المعنى \xED\xA0\x80 المطلوب.</description></item></channel></rss>";
  Collect c = Parse(xml);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_TRUE(utf8::IsValid(c.articles[0].title));
  EXPECT_TRUE(utf8::IsValid(c.articles[0].outlet));
  EXPECT_TRUE(utf8::IsValid(c.articles[0].Body()));
}

TEST(Feed, DeeplyNestedOpmlDoesNotRecurse) {
  std::string xml = "<opml><body>";
  for (int i = 0; i < 20000; ++i) xml += "<outline text=\"x\">";
  xml += "<outline xmlUrl=\"https://deep.example/feed\"/>";
  for (int i = 0; i < 20000; ++i) xml += "</outline>";
  xml += "</body></opml>";
  Collect c = Parse(xml);
  ASSERT_EQ(c.fetches.size(), 1u);
  EXPECT_EQ(c.fetches[0].url, "https://deep.example/feed");
}

}  // namespace
}  // namespace riwaya::ingest

namespace riwaya::ingest {
namespace {

TEST(FeedCategory, Rss1DcSubjectIsTheCategory) {
  Collect c = Parse(Fixture("12_rss1_dc_subject.xml"));
  EXPECT_TRUE(c.rejections.empty()) << (c.rejections.empty() ? "" : c.rejections[0].ToString());
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_EQ(c.articles[0].outlet, "واحات نيوز");
  EXPECT_EQ(c.articles[0].category, "فلاحة");  // the first subject, trimmed
  EXPECT_EQ(c.articles[0].author, "سليمة بن عمر");
  EXPECT_EQ(c.articles[1].category, "طاقة & بيئة");  // escaped markup inside CDATA resolved
  EXPECT_EQ(c.articles[2].category, "نقل");  // an explicit <category> wins over dc:subject
}

TEST(FeedCategory, AtomTermWithoutLabel) {
  const std::string xml =
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>نبض المدينة</title>)"
      R"(<entry><title>مهرجان للمسرح المدرسي</title><link href="https://nabd.example/theatre"/>)"
      R"(<category term="ثقافة"/><content type="text">يشارك أكثر من ثلاثين فريقاً مدرسياً في مهرجان المسرح )"
      R"(الذي تحتضنه دار الثقافة هذا الأسبوع. وتتنافس العروض على جوائز في التمثيل والإخراج والسينوغرافيا.)"
      R"(</content></entry></feed>)";
  Collect c = Parse(xml);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].category, "ثقافة");
}

TEST(FeedAbstract, DescriptionRepeatingTheLeadIsNotKeptTwice) {
  Collect c = Parse(Fixture("13_description_repeats_lead.xml"));
  EXPECT_TRUE(c.rejections.empty()) << (c.rejections.empty() ? "" : c.rejections[0].ToString());
  ASSERT_EQ(c.articles.size(), 5u);
  // The body always stays whole: the lead paragraph is never dropped.
  const model::Article& bridge = c.articles[0];
  ASSERT_EQ(bridge.paragraphs.size(), 3u);
  EXPECT_EQ(bridge.paragraphs[0].rfind("افتتح صباح الثلاثاء جسر جديد", 0), 0u);
  EXPECT_EQ(bridge.abstract, "") << "same text as the lead, up to diacritics, markup, spaces and commas";

  const model::Article& strike = c.articles[1];
  ASSERT_EQ(strike.paragraphs.size(), 2u);
  EXPECT_EQ(strike.abstract, "") << "the lead cut short with an ellipsis";

  EXPECT_EQ(c.articles[2].abstract, "فوز ثمين بركلات الترجيح بعد مباراة ماراثونية.");
  EXPECT_EQ(c.articles[3].abstract, "تراجع معدل التضخم السنوي.") << "starts like the lead but is its own sentence";

  const model::Article& fire = c.articles[4];
  ASSERT_EQ(fire.paragraphs.size(), 3u);
  EXPECT_EQ(fire.abstract, "") << "repeats the first two paragraphs";
}

TEST(FeedAbstract, EllipsisDescriptionThatDiffersIsKept) {
  const std::string xml =
      R"(<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>الميدان</title>)"
      R"(<item><title>اجتماع طارئ لمجلس الوزراء</title><link>https://maydan.example/cabinet</link>)"
      R"(<description>الحكومة تبحث خطة إنقاذ للقطاع الزراعي...</description>)"
      R"(<content:encoded><![CDATA[<p>عقد مجلس الوزراء اجتماعاً طارئاً مساء الأحد لبحث تداعيات موجة الجفاف على المحاصيل.</p>)"
      R"(<p>وأقر المجلس حزمة دعم عاجلة للمزارعين المتضررين في المحافظات الجنوبية.</p>]]></content:encoded></item>)"
      R"(</channel></rss>)";
  Collect c = Parse(xml);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].abstract, "الحكومة تبحث خطة إنقاذ للقطاع الزراعي...");
}

TEST(FeedCharset, Windows1256FeedIsConverted) {
  Collect c = Parse(Fixture("11_windows1256.xml"));
  EXPECT_TRUE(c.rejections.empty());
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "افتتاح المتحف الوطني");
  EXPECT_EQ(c.articles[0].outlet, "الأرشيف القديم");
  ASSERT_EQ(c.articles[0].paragraphs.size(), 1u);
  EXPECT_EQ(c.articles[0].paragraphs[0].rfind("أعلنت وزارة الثقافة", 0), 0u);
}

}  // namespace
}  // namespace riwaya::ingest
