// Markup cleanup, paragraph splitting and content keys.
#include "ingest/markup.h"

#include <gtest/gtest.h>

#include "ingest/content_key.h"
#include "ingest/paragraphs.h"

namespace riwaya::ingest {
namespace {

TEST(Markup, DecodesEntities) {
  EXPECT_EQ(DecodeEntities("أ &amp; ب &quot;ج&quot; &lt;د&gt; &#1575;&#x644;"), "أ & ب \"ج\" <د> ال");
  EXPECT_EQ(DecodeEntities("&unknown; & &#; &#xZZ; 5 &lt 6"), "&unknown; & &#; &#xZZ; 5 &lt 6");
  EXPECT_EQ(DecodeEntities("&#0;&#xD800;&#99999999;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(DecodeEntities("&nbsp;"), "\xC2\xA0");
}

TEST(Markup, StripsStrayTagsButKeepsLessThan) {
  EXPECT_EQ(StripMarkup("<p>فقرة أولى</p><p>فقرة <b>ثانية</b></p>"), "\nفقرة أولى\n\nفقرة ثانية\n");
  EXPECT_EQ(StripMarkup("سطر<br/>سطر"), "سطر\nسطر");
  EXPECT_EQ(StripMarkup("5 < 7 و 8 > 3 << >>"), "5 < 7 و 8 > 3 << >>");
  EXPECT_EQ(StripMarkup("قبل<!-- تعليق -->بعد"), "قبلبعد");
  EXPECT_EQ(StripMarkup("<a href=\"x\">رابط</a>"), "رابط");
  EXPECT_EQ(StripMarkup("<a"), "<a");
  EXPECT_EQ(CleanField("&lt;b&gt;نص&lt;/b&gt;"), "<b>نص</b>");
}

TEST(Paragraphs, SplitAndTrim) {
  auto p = SplitParagraphs("  أولى \r\n\n\xC2\xA0\n ثانية\xE2\x80\x8F\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "أولى");
  EXPECT_EQ(p[1], "ثانية");
  EXPECT_EQ(CollapseBlanks(" a \n\t b  "), "a b");
  EXPECT_EQ(TrimBlank("\xEF\xBB\xBF x \xC2\xA0"), "x");
}

TEST(ContentKey, StableAcrossWhitespaceDifferentAcrossContent) {
  const std::string a = ContentKey("page:", "عنوان", {"فقرة أولى", "فقرة ثانية"});
  EXPECT_EQ(a, ContentKey("page:", " عنوان ", {"فقرة  أولى\r", "فقرة ثانية"}));
  EXPECT_NE(a, ContentKey("page:", "عنوان", {"فقرة أولى فقرة ثانية"}));
  EXPECT_NE(a, ContentKey("page:", "عنوان آخر", {"فقرة أولى", "فقرة ثانية"}));
  EXPECT_EQ(a.substr(0, 5), "page:");
  EXPECT_EQ(a.size(), 5u + 16u);
}

}  // namespace
}  // namespace riwaya::ingest
