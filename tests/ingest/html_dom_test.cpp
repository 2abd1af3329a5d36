#include "ingest/html_dom.h"

#include <gtest/gtest.h>

namespace riwaya::ingest::html {
namespace {

TEST(HtmlDom, CapNestingDropsOnlyExcessTagsAndKeepsText) {
  std::string in;
  for (int i = 0; i < 10; ++i) in += "<div class=\"x\">";
  in += "نص";
  for (int i = 0; i < 10; ++i) in += "</div>";
  std::string out;
  EXPECT_EQ(CapNesting(in, 4, out), 12u);  // 6 opening + 6 closing tags beyond depth 4
  EXPECT_NE(out.find("نص"), std::string::npos);
  size_t opens = 0, pos = 0;
  while ((pos = out.find("<div", pos)) != std::string::npos) { ++opens; ++pos; }
  EXPECT_EQ(opens, 4u);
}

TEST(HtmlDom, CapNestingLeavesRawTextAndVoidTagsAlone) {
  std::string in = "<div><div><script>if (a<b) { x = '<div><div><div>'; }</script><br><img src=a><p>one<p>two</div></div>";
  std::string out;
  EXPECT_EQ(CapNesting(in, 2, out), 0u);
  EXPECT_EQ(out, in);
}

TEST(HtmlDom, FlowBlocksSplitsAtBlocksAndBreaks) {
  Document doc("<body><div>أول<br>ثان<p>ثالث <a href=\"/x\">رابط</a></p><span>رابع</span></div></body>");
  auto blocks = FlowBlocks(doc.root(), nullptr);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].text, "أول");
  EXPECT_EQ(blocks[1].text, "ثان");
  EXPECT_EQ(blocks[2].text, "ثالث رابط");
  EXPECT_EQ(blocks[2].link_chars, 4u);
  ASSERT_EQ(blocks[2].anchors.size(), 1u);
  EXPECT_EQ(blocks[2].anchors[0].href, "/x");
  EXPECT_EQ(blocks[3].text, "رابع");
}

TEST(HtmlDom, CollapseSpaceKeepsBidiMarks) {
  EXPECT_EQ(CollapseSpace("  a\u00a0\u00a0 b \n\t"), "a b");
  EXPECT_EQ(CollapseSpace("\u200fOpenLab\u200f  نموذج"), "\u200fOpenLab\u200f نموذج");
  EXPECT_EQ(VisibleChars("نص عربي"), 6u);
}

TEST(HtmlDom, FragmentParagraphsDecodesEntities) {
  auto p = FragmentParagraphs("<p>الأول &amp; الثاني</p><p>&laquo;اقتباس&raquo;&nbsp;هنا</p>");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "الأول & الثاني");
  EXPECT_EQ(p[1], "«اقتباس» هنا");
}

}  // namespace
}  // namespace riwaya::ingest::html
