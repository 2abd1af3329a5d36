// Plain-text news pages: the seed contract, our fixture pages and adversarial lines.
#include "ingest/plain_page.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "ingest/ingest_test_util.h"
#include "model/article.h"

namespace riwaya::ingest {
namespace {

using testing::CollectingSink;
using testing::FixturePath;
using testing::ReadFile;

int64_t Day(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return duration_cast<seconds>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch()).count();
}

CollectingSink ParseFile(const std::string& path) {
  CollectingSink sink;
  Source src;
  src.path = path;
  ParsePlainPage(ReadFile(path), src, sink);
  return sink;
}

CollectingSink ParseText(std::string_view text) {
  CollectingSink sink;
  Source src;
  src.path = "inline.txt";
  ParsePlainPage(text, src, sink);
  return sink;
}

bool BodyContains(const model::Article& a, std::string_view needle) {
  for (const auto& p : a.paragraphs)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

TEST(PlainPage, SeedGivesExactlyTwoArticles) {
  const std::string path = testing::SharedPath("seed/000_d4adefc42975d5a4.txt");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "SKIP: seed " << path << " not found";
  CollectingSink sink = ParseFile(path);
  ASSERT_TRUE(sink.rejections.empty()) << sink.RejectionsText();
  ASSERT_EQ(sink.articles.size(), 2u);

  const model::Article& a1 = sink.articles[0];
  EXPECT_EQ(a1.title, "لأول مرة منذ عام.. وزير الدفاع الأميركي يتحدث مع نظيره الروسي");
  EXPECT_TRUE(a1.published.known);
  EXPECT_TRUE(a1.published.date_only);
  EXPECT_EQ(a1.published.epoch_seconds, Day(2024, 6, 26));
  EXPECT_EQ(a1.published.source, model::DateSource::kTextLabel);
  EXPECT_EQ(a1.published.original, "26th, June 2024 GMT");
  EXPECT_EQ(a1.credit, "الحرة");
  ASSERT_EQ(a1.paragraphs.size(), 10u);
  EXPECT_TRUE(StartsWith(a1.paragraphs.front(), "تحدث وزيرا الدفاع الأميركي"));
  EXPECT_TRUE(EndsWith(a1.paragraphs.back(), "وزير الدفاع الروسي السابق سيرغي شويغو."));
  EXPECT_FALSE(BodyContains(a1, "المصدر"));
  EXPECT_FALSE(BodyContains(a1, "تاريخ النشر"));
  EXPECT_FALSE(BodyContains(a1, "أيضاً"));
  EXPECT_TRUE(StartsWith(a1.key, "page:"));
  EXPECT_EQ(a1.id, model::IdForKey(a1.key));
  EXPECT_TRUE(a1.related_to.empty());
  EXPECT_EQ(a1.origin.kind, "file");
  EXPECT_EQ(a1.origin.path, path);
  EXPECT_EQ(a1.origin.record, 0);
  EXPECT_EQ(a1.origin.line, 1);

  const model::Article& a2 = sink.articles[1];
  EXPECT_EQ(a2.title, "وزير الخارجية الفرنسي: العنف العشوائي حوّل غزة إلى مقبرة");
  EXPECT_EQ(a2.paragraphs.size(), 11u);
  EXPECT_FALSE(a2.published.known);
  EXPECT_EQ(a2.published.source, model::DateSource::kUnknown);
  EXPECT_EQ(a2.related_to, a1.key);
  EXPECT_NE(a2.key, a1.key);
  EXPECT_EQ(a2.origin.record, 1);
  EXPECT_EQ(a2.origin.line, 15);
  EXPECT_TRUE(a2.credit.empty());

  ASSERT_EQ(a1.links.size(), 1u);
  EXPECT_EQ(a1.links[0].title, a2.title);
  EXPECT_EQ(a1.links[0].article_key, a2.key);
}

TEST(PlainPage, SameFileTwiceGivesSameKeys) {
  const std::string path = FixturePath("pages/03_two_read_also.txt");
  CollectingSink a = ParseFile(path), b = ParseFile(path);
  ASSERT_EQ(a.articles.size(), 3u);
  ASSERT_EQ(b.articles.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(a.articles[i].key, b.articles[i].key);
  EXPECT_NE(a.articles[0].key, a.articles[1].key);
  EXPECT_NE(a.articles[1].key, a.articles[2].key);
}

TEST(PlainPage, LabelWithDiacriticsAndCreditAtBottom) {
  CollectingSink s = ParseFile(FixturePath("pages/01_label_nushira_credit_bottom.txt"));
  ASSERT_EQ(s.articles.size(), 1u) << s.RejectionsText();
  const auto& a = s.articles[0];
  EXPECT_EQ(a.title, "ارتفاع أسعار الذهب إلى مستوى قياسي مع تراجع الدولار");
  EXPECT_EQ(a.published.epoch_seconds, Day(2024, 3, 3));
  EXPECT_TRUE(a.published.date_only);
  EXPECT_EQ(a.published.original, "3 مارس 2024");
  EXPECT_EQ(a.credit, "سكاي نيوز عربية");
  EXPECT_EQ(a.paragraphs.size(), 3u);
  EXPECT_FALSE(BodyContains(a, "المصدر"));
}

TEST(PlainPage, ParenthesisedCreditAboveTitle) {
  CollectingSink s = ParseFile(FixturePath("pages/02_credit_top_parens.txt"));
  ASSERT_EQ(s.articles.size(), 1u) << s.RejectionsText();
  const auto& a = s.articles[0];
  EXPECT_EQ(a.title, "انطلاق محادثات جديدة بشأن الملف النووي في فيينا");
  EXPECT_EQ(a.credit, "أ ف ب");
  EXPECT_EQ(a.published.epoch_seconds, Day(2024, 5, 14));
  EXPECT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.origin.line, 2);
}

TEST(PlainPage, TwoReadAlsoBlocksEachWithOwnDateAndCredit) {
  CollectingSink s = ParseFile(FixturePath("pages/03_two_read_also.txt"));
  ASSERT_EQ(s.articles.size(), 3u) << s.RejectionsText();
  const auto &main = s.articles[0], &r1 = s.articles[1], &r2 = s.articles[2];
  EXPECT_EQ(main.title, "افتتاح معرض الكتاب الدولي بمشاركة 40 دولة");
  EXPECT_EQ(main.published.epoch_seconds, Day(2023, 2, 12));
  EXPECT_EQ(main.credit, "وكالات");
  EXPECT_EQ(main.paragraphs.size(), 2u);
  EXPECT_FALSE(BodyContains(main, "وكالات"));

  EXPECT_EQ(r1.title, "مهرجان للسينما المستقلة يكرم مخرجين شبابا");
  EXPECT_EQ(r1.paragraphs.size(), 2u);
  EXPECT_FALSE(r1.published.known);  // the page date is the main article's
  EXPECT_TRUE(r1.credit.empty());
  EXPECT_EQ(r1.related_to, main.key);

  EXPECT_EQ(r2.title, "ترميم مكتبة تاريخية بعد عقود من الإهمال");
  ASSERT_EQ(r2.paragraphs.size(), 1u);
  EXPECT_TRUE(r2.published.known);
  EXPECT_EQ(r2.published.epoch_seconds, Day(2023, 2, 10));
  EXPECT_EQ(r2.credit, "رويترز");
  EXPECT_EQ(r2.related_to, main.key);
  EXPECT_EQ(r2.origin.record, 2);

  ASSERT_EQ(main.links.size(), 2u);
  EXPECT_EQ(main.links[0].article_key, r1.key);
  EXPECT_EQ(main.links[1].article_key, r2.key);
}

TEST(PlainPage, ReadAlsoWithOnlyATitleIsALinkNotAnArticle) {
  CollectingSink s = ParseFile(FixturePath("pages/04_read_also_title_only.txt"));
  ASSERT_EQ(s.articles.size(), 1u) << s.RejectionsText();
  const auto& a = s.articles[0];
  EXPECT_EQ(a.title, "البنك المركزي يبقي سعر الفائدة دون تغيير");
  // Only an update label: it is still the best date the page gives.
  EXPECT_EQ(a.published.epoch_seconds, Day(2023, 9, 20));
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_TRUE(StartsWith(a.paragraphs[1], "وأوضح البيان"));
  EXPECT_FALSE(BodyContains(a, "الحكومة تعلن"));
  ASSERT_EQ(a.links.size(), 2u);
  std::vector<std::string> titles = {a.links[0].title, a.links[1].title};
  std::sort(titles.begin(), titles.end());
  std::vector<std::string> want = {"الحكومة تعلن حزمة دعم للشركات الصغيرة",
                                   "تراجع معدل البطالة إلى أدنى مستوى في خمس سنوات"};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(titles, want);
  EXPECT_TRUE(a.links[0].article_key.empty());
  EXPECT_TRUE(a.links[1].article_key.empty());
}

TEST(PlainPage, NoDateStaysUnknown) {
  CollectingSink s = ParseFile(FixturePath("pages/05_no_date_agencies.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  const auto& a = s.articles[0];
  EXPECT_FALSE(a.published.known);
  EXPECT_EQ(a.published.epoch_seconds, 0);
  EXPECT_TRUE(a.published.original.empty());
  EXPECT_EQ(a.credit, "وكالات");
  EXPECT_EQ(a.paragraphs.size(), 3u);
}

TEST(PlainPage, EasternArabicDigitsInDateLabel) {
  CollectingSink s = ParseFile(FixturePath("pages/06_eastern_digits.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].published.epoch_seconds, Day(2024, 6, 26));
  EXPECT_EQ(s.articles[0].published.original, "٢٦ يونيو ٢٠٢٤");
}

TEST(PlainPage, CrlfLineEndingsGiveTheSameArticleAsLf) {
  const std::string crlf = ReadFile(FixturePath("pages/07_crlf.txt"));
  ASSERT_NE(crlf.find("\r\n"), std::string::npos);
  std::string lf;
  for (char c : crlf)
    if (c != '\r') lf += c;
  CollectingSink a = ParseText(crlf), b = ParseText(lf);
  ASSERT_EQ(a.articles.size(), 1u);
  ASSERT_EQ(b.articles.size(), 1u);
  const auto& x = a.articles[0];
  EXPECT_EQ(x.title, "تعطل حركة الملاحة في الميناء بسبب عاصفة رملية");
  EXPECT_EQ(x.published.epoch_seconds, 1709627400);  // 2024-03-05 08:30 UTC
  EXPECT_FALSE(x.published.date_only);
  EXPECT_EQ(x.credit, "سكاي نيوز عربية");
  ASSERT_EQ(x.paragraphs.size(), 2u);
  for (const auto& p : x.paragraphs) EXPECT_EQ(p.find('\r'), std::string::npos);
  EXPECT_EQ(x.key, b.articles[0].key);
}

TEST(PlainPage, ByteOrderMarkIsNotPartOfTheTitle) {
  CollectingSink s = ParseFile(FixturePath("pages/08_bom.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].title, "منتخب الشباب يتأهل إلى نهائي البطولة العربية");
  // "نشر في 5 أغسطس 2022": a label without colon.
  EXPECT_EQ(s.articles[0].published.epoch_seconds, Day(2022, 8, 5));
  EXPECT_EQ(s.articles[0].paragraphs.size(), 2u);
  EXPECT_EQ(s.articles[0].origin.byte_offset, 3);
}

TEST(PlainPage, EmptyFileIsRejected) {
  CollectingSink s = ParseFile(FixturePath("pages/09_empty.txt"));
  EXPECT_TRUE(s.articles.empty());
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_NE(s.rejections[0].reason.find("empty"), std::string::npos);
  CollectingSink blanks = ParseText(" \n\r\n\t \n");
  EXPECT_TRUE(blanks.articles.empty());
  EXPECT_EQ(blanks.rejections.size(), 1u);
}

TEST(PlainPage, NulByteIsRejectedWithItsPosition) {
  const std::string page = std::string("عنوان\nفقرة فيها ") + '\0' + "خلل\n";
  CollectingSink s = ParseText(page);
  EXPECT_TRUE(s.articles.empty());
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].position, "byte " + std::to_string(page.find('\0')));
}

TEST(PlainPage, OnlyATitleIsRejectedWithItsLine) {
  CollectingSink s = ParseFile(FixturePath("pages/10_title_only.txt"));
  EXPECT_TRUE(s.articles.empty());
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].position, "line 1");
  EXPECT_NE(s.rejections[0].reason.find("no body"), std::string::npos);
}

TEST(PlainPage, InvalidUtf8IsRejectedWithBytePosition) {
  const std::string path = FixturePath("pages/11_invalid_utf8.txt");
  const std::string raw = ReadFile(path);
  const size_t bad = raw.find('\xff');
  ASSERT_NE(bad, std::string::npos);
  CollectingSink s = ParseFile(path);
  EXPECT_TRUE(s.articles.empty());
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].input, path);
  EXPECT_EQ(s.rejections[0].position, "byte " + std::to_string(bad) + " (line 3)");
}

TEST(PlainPage, PublicationLabelBeatsUpdateLabelAndTatweelIsIgnored) {
  CollectingSink s = ParseFile(FixturePath("pages/12_update_and_published.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  const auto& a = s.articles[0];
  EXPECT_EQ(a.title, "استئناف الرحلات الجوية بين العاصمتين بعد توقف دام سنوات");
  EXPECT_EQ(a.published.epoch_seconds, Day(2024, 1, 19));
  EXPECT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.origin.line, 3);
}

TEST(PlainPage, DatelineCreditIsTakenButTheParagraphStays) {
  CollectingSink s = ParseFile(FixturePath("pages/13_dateline_credit.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].credit, "رويترز");
  ASSERT_EQ(s.articles[0].paragraphs.size(), 2u);
  EXPECT_TRUE(StartsWith(s.articles[0].paragraphs[0], "القاهرة (رويترز) - قالت"));
}

TEST(PlainPage, RelatedHeadlineListBecomesLinks) {
  CollectingSink s = ParseFile(FixturePath("pages/14_related_list.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  const auto& a = s.articles[0];
  EXPECT_EQ(a.paragraphs.size(), 2u);
  ASSERT_EQ(a.links.size(), 3u);
  EXPECT_EQ(a.links[0].title, "علماء يحذرون من ذوبان متسارع للجليد");
  EXPECT_EQ(a.links[2].title, "مؤتمر المناخ يختتم أعماله");
  for (const auto& l : a.links) EXPECT_TRUE(l.article_key.empty());
}

TEST(PlainPage, RelativeDateWithoutAnchorIsUnknown) {
  CollectingSink s = ParseFile(FixturePath("pages/15_relative_date.txt"));
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_FALSE(s.articles[0].published.known);
  EXPECT_EQ(s.articles[0].paragraphs.size(), 2u);  // the label line is gone all the same
  EXPECT_FALSE(BodyContains(s.articles[0], "منذ ساعتين"));
}

TEST(PlainPage, RelativeDateLabelResolvesAgainstTheFetchTime) {
  const std::string text = ReadFile(FixturePath("pages/15_relative_date.txt"));
  CollectingSink s;
  Source src;
  src.url = "https://example.org/news/1";
  src.kind = "http";
  src.fetched_epoch = Day(2024, 6, 26) + 12 * 3600;
  ParsePlainPage(text, src, s);
  ASSERT_EQ(s.articles.size(), 1u);
  const auto& a = s.articles[0];
  EXPECT_TRUE(a.published.known);
  EXPECT_FALSE(a.published.date_only);
  EXPECT_EQ(a.published.epoch_seconds, src.fetched_epoch - 2 * 3600);
  EXPECT_EQ(a.published.original, "منذ ساعتين");
  EXPECT_EQ(a.url, src.url);
  EXPECT_EQ(a.origin.kind, "http");
  EXPECT_EQ(a.origin.path, src.url);
}

TEST(PlainPage, ProseThatStartsLikeALabelStaysInTheBody) {
  CollectingSink s = ParseText(
      "مفاوضات التجارة تتعثر من جديد\n"
      "المصدر أكد للصحفيين أن المفاوضات ستستأنف الأسبوع المقبل في العاصمة بعد مشاورات داخلية.\n"
      "نشر في صحيفة محلية تقرير مطول عن أسباب تعثر المفاوضات وتداعياتها على الأسواق.\n"
      "(وهو ما نفاه الوفد الآخر في بيان مقتضب صدر مساء الأحد عقب انتهاء الجلسة الأولى)\n"
      "اقرأوا البيان كاملا على موقع الوزارة الرسمي.\n");
  ASSERT_EQ(s.articles.size(), 1u);
  const auto& a = s.articles[0];
  EXPECT_EQ(a.paragraphs.size(), 4u);
  EXPECT_TRUE(a.credit.empty());
  EXPECT_FALSE(a.published.known);
  EXPECT_TRUE(a.links.empty());
}

TEST(PlainPage, OnlyLabelsAndCreditsIsRejected) {
  CollectingSink s = ParseText("تاريخ النشر: 1 يناير 2024\nالمصدر: وكالات\n");
  EXPECT_TRUE(s.articles.empty());
  EXPECT_EQ(s.rejections.size(), 1u);
}

TEST(PlainPage, HugePageParsesWithinLimits) {
  std::string page = "عنوان صفحة ضخمة جدا\nتاريخ النشر: 2 يناير 2024\n";
  const std::string para =
      "فقرة طويلة مكررة تصف تفاصيل الحدث وتطوراته المتلاحقة على مدار اليوم في عدة مدن.\n";
#ifdef RIWAYA_SANITIZED
  const size_t size = 1u << 20;  // same paths, sanitizer-friendly size
#else
  const size_t size = 8u << 20;
#endif
  while (page.size() < size) page += para;
  CollectingSink s = ParseText(page);
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_GT(s.articles[0].paragraphs.size(), size / para.size() - 2);
  EXPECT_TRUE(s.articles[0].published.known);
}

}  // namespace
}  // namespace riwaya::ingest
