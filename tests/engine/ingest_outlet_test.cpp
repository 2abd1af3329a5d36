// IngestOptions::default_outlet: articles that name no outlet get it; those
// that name one keep theirs; without the option nothing is invented.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "engine/engine.h"
#include "temp_dir.h"

namespace riwaya::engine {
namespace {

using riwaya::testing::TempDir;
using riwaya::testing::WriteFile;


// A plain-text page (which never names its outlet) with a read-also article.
const char kPlainPage[] =
    "افتتاح معرض الكتاب في مدينة الرباط بمشاركة خمسين دار نشر\n"
    "تاريخ النشر: 12 مايو 2024\n"
    "\n"
    "افتتح وزير الثقافة صباح اليوم الدورة الجديدة لمعرض الكتاب في الرباط، بمشاركة خمسين دار نشر من "
    "المغرب والمشرق وأفريقيا.\n"
    "\n"
    "ويخصص المعرض هذا العام جناحاً لأدب الأطفال وآخر للترجمة، فيما تتواصل الندوات الفكرية طيلة عشرة أيام.\n"
    "\n"
    "المصدر: وكالات\n"
    "\n"
    "إقرأ أيضاً:\n"
    "جائزة جديدة لأفضل رواية عربية أولى\n"
    "أعلنت مؤسسة ثقافية في الدار البيضاء عن إطلاق جائزة سنوية لأفضل رواية عربية أولى، تبلغ قيمتها عشرين "
    "ألف دولار، ويُعلن الفائز بها في ختام المعرض.\n";

// A JSON Lines record that names its outlet.
const char kNamedOutlet[] =
    R"({"url":"https://sahil.example/2024/05/12/port","title":"ميناء طنجة يسجل رقماً قياسياً في عدد الحاويات",)"
    R"("outlet":"الساحل اليوم","published":"2024-05-12T09:00:00Z","body":"سجل ميناء طنجة المتوسط رقماً قياسياً )"
    R"(جديداً في عدد الحاويات المناولة خلال الربع الأول من العام، بزيادة قاربت خمس عشرة في المئة.\n\nوعزت )"
    R"(إدارة الميناء هذا النمو إلى توسعة الأرصفة وتحسن حركة التجارة مع موانئ البحر المتوسط."})"
    "\n";

std::map<std::string, int64_t> OutletCounts(Engine& e) {
  std::map<std::string, int64_t> out;
  auto s = e.GetStats();
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return out;
  for (const OutletStats& o : s->outlets) out[o.outlet] += o.articles;
  return out;
}

std::unique_ptr<Engine> Open(const std::string& dir) {
  Engine::Options o;
  o.data_dir = dir;
  auto e = Engine::Open(o);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? std::move(e.value()) : nullptr;
}

TEST(IngestOutlet, DefaultOutletFillsOnlyUnnamedArticles) {
  TempDir dir;
  WriteFile(dir.Path("in/page.txt"), kPlainPage);
  WriteFile(dir.Path("in/named.jsonl"), kNamedOutlet);
  auto e = Open(dir.Path("data"));
  ASSERT_TRUE(e);
  IngestOptions opts;
  opts.default_outlet = "صدى الرباط";
  auto r = e->IngestPaths({dir.Path("in")}, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rejected, 0) << (r->rejections.empty() ? "" : r->rejections[0].ToString());
  ASSERT_EQ(r->added, 3);  // main page article, its read-also article, the JSON record

  std::map<std::string, int64_t> counts = OutletCounts(*e);
  EXPECT_EQ(counts["صدى الرباط"], 2);   // both articles of the plain page
  EXPECT_EQ(counts["الساحل اليوم"], 1); // kept its own outlet
  EXPECT_EQ(counts.count(""), 0u);
}

TEST(IngestOutlet, WithoutOptionUnnamedArticlesStayUnnamed) {
  TempDir dir;
  WriteFile(dir.Path("in/page.txt"), kPlainPage);
  WriteFile(dir.Path("in/named.jsonl"), kNamedOutlet);
  auto e = Open(dir.Path("data"));
  ASSERT_TRUE(e);
  auto r = e->IngestPaths({dir.Path("in")}, IngestOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->added, 3);
  std::map<std::string, int64_t> counts = OutletCounts(*e);
  EXPECT_EQ(counts[""], 2);
  EXPECT_EQ(counts["الساحل اليوم"], 1);
}

}  // namespace
}  // namespace riwaya::engine
