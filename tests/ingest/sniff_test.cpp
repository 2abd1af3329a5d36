// Format sniffing: content first, then the name.
#include "ingest/sniff.h"

#include <gtest/gtest.h>

#include <string>

namespace riwaya::ingest {
namespace {

TEST(Sniff, ContentDecides) {
  EXPECT_EQ(Sniff("<DOC>\n<DOCNO>x</DOCNO>", "a.txt"), Format::kTrec);
  EXPECT_EQ(Sniff("\xEF\xBB\xBF  <DOC>", ""), Format::kTrec);
  EXPECT_EQ(Sniff("<doc><p>lower-case markup is HTML</p>", ""), Format::kHtml);
  EXPECT_EQ(Sniff("{\"title\": \"خبر\"}\n", "x.txt"), Format::kJsonLines);
  EXPECT_EQ(Sniff("[\n {\"title\": 1}]", "x"), Format::kJsonLines);
  EXPECT_EQ(Sniff("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", "feed"), Format::kFeed);
  EXPECT_EQ(Sniff("<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"...\">", ""), Format::kFeed);
  EXPECT_EQ(Sniff("<opml version=\"2.0\">", ""), Format::kFeed);
  EXPECT_EQ(Sniff("<!DOCTYPE html><html dir=\"rtl\">", "page.txt"), Format::kHtml);
  EXPECT_EQ(Sniff("<html lang=\"ar\">", ""), Format::kHtml);
  EXPECT_EQ(Sniff("عنوان الخبر\nتاريخ النشر: اليوم\n", "page"), Format::kPlainPage);
}

TEST(Sniff, NameDecidesWhenContentDoesNot) {
  EXPECT_EQ(Sniff("garbage first line\n{\"a\":1}", "x.jsonl.gz"), Format::kJsonLines);
  EXPECT_EQ(Sniff("preamble\n<DOC>\n", "ant"), Format::kTrec);
  EXPECT_EQ(Sniff("", "x.txt"), Format::kPlainPage);
  EXPECT_EQ(Sniff("", "x.bin"), Format::kUnknown);
  EXPECT_EQ(Sniff("نص عادي", "x.TXT.GZ"), Format::kPlainPage);
}

TEST(Sniff, Binary) {
  EXPECT_TRUE(LooksBinary(std::string("abc\0def", 7)));
  std::string junk;
  for (int i = 0; i < 400; ++i) junk += static_cast<char>(0x80 + (i * 37) % 120);
  EXPECT_TRUE(LooksBinary(junk));
  EXPECT_FALSE(LooksBinary("نص عربي سليم تماما مع أرقام 123 وعلامات ترقيم."));
  // A few damaged bytes in long text are not "binary": they are handled per record.
  std::string text;
  for (int i = 0; i < 50; ++i) text += "سطر عربي سليم ";
  text += "\xff";
  EXPECT_FALSE(LooksBinary(text));
}

}  // namespace
}  // namespace riwaya::ingest
