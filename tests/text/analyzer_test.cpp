#include "text/analyzer.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace riwaya::text {
namespace {

std::vector<Token> AnalyzeAll(const Analyzer& a, const std::string& text, uint32_t first = 0) {
  std::vector<Token> out;
  a.Analyze(text, out, first);
  return out;
}
std::vector<std::string> Terms(const Analyzer& a, const std::string& text) {
  std::vector<std::string> out;
  for (const Token& t : AnalyzeAll(a, text)) out.push_back(t.term);
  return out;
}
using V = std::vector<std::string>;

TEST(Analyzer, MakeAnalyzerNames) {
  for (std::string_view n : {"light", "snowball", "none", "light+hamza", "none+stop",
                             "snowball+hamza+stop"}) {
    auto a = MakeAnalyzer(n);
    ASSERT_NE(a, nullptr) << n;
    EXPECT_EQ(a->name(), n);
  }
  EXPECT_EQ(MakeAnalyzer("lucene"), nullptr);
  EXPECT_EQ(MakeAnalyzer("light+bogus"), nullptr);
  EXPECT_EQ(MakeAnalyzer(""), nullptr);
  EXPECT_NE(MakeAnalyzer(kDefaultAnalyzer), nullptr);
}

TEST(Analyzer, RequiredMatchesWithEveryStemmer) {
  for (std::string_view n : {"light", "snowball"}) {
    auto a = MakeAnalyzer(n);
    const std::string q = a->Term("حكومة");
    EXPECT_FALSE(q.empty());
    for (const char* w : {"للحكومة", "الحكومات", "بالحكومة"}) EXPECT_EQ(a->Term(w), q) << n << " " << w;
  }
  // والحكومة: the light stemmer handles وال, Snowball does not (measured, not assumed).
  EXPECT_EQ(MakeAnalyzer("light")->Term("والحكومة"), MakeAnalyzer("light")->Term("حكومة"));
  for (std::string_view n : {"light", "snowball", "none"}) {
    auto a = MakeAnalyzer(n);
    EXPECT_EQ(a->Term("اسرائيل"), a->Term("إسرائيل")) << n;
    EXPECT_EQ(a->Term("٢٠٢٤"), "2024") << n;
    EXPECT_EQ(a->Term("۲۰۲۴"), "2024") << n;
    EXPECT_NE(a->Term("كتاب"), a->Term("كاتب")) << n;
    EXPECT_EQ(a->Term("الـ5G"), "5g") << n;
    EXPECT_EQ(a->Term("F-35"), "f35") << n;
    EXPECT_EQ(a->Term("كوفيد-19"), "كوفيد19") << n;
  }
}

TEST(Analyzer, StopwordsRemovedButKeepTheirPositions) {
  auto a = MakeAnalyzer("light");
  const std::string text = "قال الوزير إن الحكومة في غزة";
  const auto tokens = AnalyzeAll(*a, text, 10);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].form, "قال");  // a reporting verb is not a stopword
  EXPECT_EQ(tokens[0].position, 10u);
  EXPECT_EQ(tokens[1].position, 11u);
  EXPECT_EQ(tokens[2].form, "الحكومه");
  EXPECT_EQ(tokens[2].position, 13u);  // إن held slot 12
  EXPECT_EQ(tokens[3].form, "غزه");
  EXPECT_EQ(tokens[3].position, 15u);  // في held slot 14
  auto keep = MakeAnalyzer("light+stop");
  EXPECT_EQ(AnalyzeAll(*keep, text).size(), 6u);
}

TEST(Analyzer, TokensMapBackToTheOriginalText) {
  auto a = MakeAnalyzer("light");
  const std::string text = "أكّد «وزيرُ» الخارجيّة، أمس، أنّ ٣٫٥ مليار دولار لـ\u200Cالإعمار.";
  for (const Token& t : AnalyzeAll(*a, text)) {
    const std::string surface = text.substr(t.begin, t.end - t.begin);
    EXPECT_EQ(NormalizeForMatch(surface), t.form) << surface;
  }
  EXPECT_EQ(Terms(*a, text), (V{"اكد", "وزير", "خارج", "امس", "3.5", "مليار", "دولار", "اعمار"}));
}

TEST(Analyzer, FormIsNormalisedButUnstemmed) {
  auto a = MakeAnalyzer("light");
  const auto tokens = AnalyzeAll(*a, "بالحكومةِ");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].form, "بالحكومه");
  EXPECT_EQ(tokens[0].term, "حكوم");
  EXPECT_EQ(a->Form("=الحكومَة"), "الحكومه");
  EXPECT_EQ(a->Form("الحكومة"), a->Form("الحُكومة"));
  EXPECT_NE(a->Form("الحكومة"), a->Form("الحكومات"));
  EXPECT_EQ(a->Form("؟!"), "");
  EXPECT_EQ(a->Term("؟!"), "");
}

TEST(Analyzer, TermDoesNotDropStopwords) {
  auto a = MakeAnalyzer("light");
  EXPECT_EQ(a->Term("في"), "في");
  EXPECT_TRUE(AnalyzeAll(*a, "في").empty());
}

TEST(Analyzer, NoneOnlyNormalises) {
  auto a = MakeAnalyzer("none");
  EXPECT_EQ(Terms(*a, "والحكومات الإسرائيلية"), (V{"والحكومات", "الاسرائيليه"}));
}

TEST(Analyzer, SnowballStemsArabicOnly) {
  auto a = MakeAnalyzer("snowball");
  EXPECT_EQ(Terms(*a, "NATO 2024"), (V{"nato", "2024"}));
  const auto t = Terms(*a, "المعلمون");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_LT(t[0].size(), std::string("المعلمون").size());  // something was removed
  // Diacritics and invisible controls do not change the stem.
  EXPECT_EQ(a->Term("المُعلِّمون"), t[0]);
  EXPECT_EQ(a->Term("المعل\u200Cمون"), t[0]);
}

TEST(Analyzer, HamzaOption) {
  EXPECT_NE(MakeAnalyzer("none")->Term("مسؤول"), MakeAnalyzer("none")->Term("مسوول"));
  EXPECT_EQ(MakeAnalyzer("none+hamza")->Term("مسؤول"), MakeAnalyzer("none+hamza")->Term("مسوول"));
}

TEST(Analyzer, BadInputNeverCrashes) {
  auto a = MakeAnalyzer("snowball");
  std::string junk = "خبر\xFF\xFE";
  for (int i = 0; i < 256; ++i) junk += static_cast<char>(i);
  junk += "\xD8";
  const auto tokens = AnalyzeAll(*a, junk);
  ASSERT_FALSE(tokens.empty());
  EXPECT_EQ(tokens[0].term, "خبر");
  for (const Token& t : tokens) EXPECT_LE(t.end, junk.size());
  EXPECT_TRUE(AnalyzeAll(*a, "").empty());
}

TEST(Analyzer, FiveMegabyteDocument) {
  auto a = MakeAnalyzer("light");
  const std::string para = "وأضاف المتحدث باسم الحكومة أن الاجتماع سيعقد في القاهرة يوم 12 يونيو. ";
  std::string doc;
  size_t copies = 0;
  while (doc.size() < 5u * 1024 * 1024) {
    doc += para;
    ++copies;
  }
  const auto once = AnalyzeAll(*a, para);
  const auto all = AnalyzeAll(*a, doc);
  ASSERT_EQ(all.size(), once.size() * copies);
  // Positions run on through the document; stopwords (أن، في) keep their slots.
  const uint32_t words_per_para = once.back().position + 1;
  EXPECT_EQ(all.back().position, words_per_para * copies - 1);
  EXPECT_EQ(all.back().term, once.back().term);
}

// Collects what AnalyzeInto streams, copying the views (valid only during the call).
struct CollectSink : TokenSink {
  std::vector<Token> tokens;
  void OnToken(const TokenView& t) override {
    tokens.push_back(Token{std::string(t.term), std::string(t.form), t.begin, t.end, t.position});
  }
};

TEST(Analyzer, AnalyzeIntoStreamsWhatAnalyzeReturns) {
  // Mixed scripts, joins, marks, controls, presentation forms, invalid bytes
  // and an over-long word: every path of the tokenizer.
  std::string text =
      "وقالت الحكومةُ إنّ مقاتلات F-35 وصلت، ووزّعت ٣٫٥ مليون جرعة من لقاح كوفيد-19 للـ5G "
      "ﻻ Ø رئيس‌الوزراء ماهو ال 1,000,000 2018مÿ";
  text += " " + std::string(300, 'x') + " خبر";
  for (std::string_view n : {"light", "snowball", "none", "light+stop"}) {
    auto a = MakeAnalyzer(n);
    for (uint32_t first : {0u, 1000u}) {
      const auto want = AnalyzeAll(*a, text, first);
      CollectSink sink;
      a->AnalyzeInto(text, sink, first);
      ASSERT_EQ(sink.tokens.size(), want.size()) << n;
      ASSERT_FALSE(want.empty());
      for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(sink.tokens[i].term, want[i].term) << n << " " << i;
        EXPECT_EQ(sink.tokens[i].form, want[i].form) << n << " " << i;
        EXPECT_EQ(sink.tokens[i].begin, want[i].begin) << n << " " << i;
        EXPECT_EQ(sink.tokens[i].end, want[i].end) << n << " " << i;
        EXPECT_EQ(sink.tokens[i].position, want[i].position) << n << " " << i;
      }
    }
  }
}

TEST(Analyzer, AnalyzeIntoDefaultGoesThroughAnalyze) {
  // Another implementation of the interface gets AnalyzeInto for free.
  struct Fixed : Analyzer {
    void Analyze(std::string_view, std::vector<Token>& out, uint32_t first) const override {
      out.push_back(Token{"حكوم", "الحكومه", 0, 14, first});
      out.push_back(Token{"غزه", "غزه", 15, 21, first + 2});
    }
    std::string Term(std::string_view) const override { return {}; }
    std::string_view name() const override { return "fixed"; }
  } fixed;
  CollectSink sink;
  fixed.AnalyzeInto("ignored", sink, 7);
  ASSERT_EQ(sink.tokens.size(), 2u);
  EXPECT_EQ(sink.tokens[0].term, "حكوم");
  EXPECT_EQ(sink.tokens[0].form, "الحكومه");
  EXPECT_EQ(sink.tokens[1].position, 9u);
  EXPECT_EQ(sink.tokens[1].begin, 15u);
}

TEST(Analyzer, MeasuredKnobsChangeWhatTheyName) {
  AnalyzerOptions o;
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("مقالاته"), "مقالات");
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("سوريا"), "سور");
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("حكومي"), "حكوم");
  o.plural_under_pronoun = true;
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("مقالاته"), MakeAnalyzer("light", o)->Term("مقالات"));
  o.ending_after_alef = false;
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("سوريا"), "سوري");
  o.nisba_min_rest = 5;
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("حكومي"), "حكومي");
  EXPECT_EQ(MakeAnalyzer("light", o)->Term("الأمريكي"), "امريك");
  // و + stopword: kept by default (measured mixed), dropped when asked.
  EXPECT_EQ(AnalyzeAll(*MakeAnalyzer("light"), "وماذا حدث").size(), 2u);
  AnalyzerOptions w;
  w.waw_stopwords = true;
  const auto toks = AnalyzeAll(*MakeAnalyzer("light", w), "وماذا حدث ووزير");
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].form, "حدث");
  EXPECT_EQ(toks[1].term, "وزير");
}

TEST(Analyzer, ThreadSafeSharedInstances) {
  for (std::string_view n : {"snowball", "light"}) {
    auto a = MakeAnalyzer(n);
    const std::string text = "تواصل الحكومات المحلية مفاوضاتها مع المعلمين المضربين منذ أسابيع";
    const auto expected = Terms(*a, text);
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int k = 0; k < 4; ++k) {
      threads.emplace_back([&, k] {
        for (int i = 0; i < 300; ++i) {
          if (Terms(*a, text) != expected) ++mismatches[k];
        }
      });
    }
    for (auto& t : threads) t.join();
    for (int m : mismatches) EXPECT_EQ(m, 0) << n;
  }
}

}  // namespace
}  // namespace riwaya::text
