#include "text/tokenize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/analyzer.h"

namespace riwaya::text {
namespace {

// The surface words (substrings of the original) and forms of `text`.
std::vector<std::string> Surfaces(const std::string& text) {
  std::vector<std::string> out;
  for (const TokenSpan& t : Tokenize(text)) out.push_back(text.substr(t.begin, t.end - t.begin));
  return out;
}
std::vector<std::string> Forms(const std::string& text) {
  std::vector<std::string> out;
  for (const TokenSpan& t : Tokenize(text)) out.push_back(t.form);
  return out;
}
using V = std::vector<std::string>;

TEST(Tokenize, ArabicSentenceSpansAreTheWrittenWords) {
  const std::string text = "أعلنت الحكومةُ، صباح اليوم؛ عن خطةٍ جديدة!";
  EXPECT_EQ(Surfaces(text), (V{"أعلنت", "الحكومةُ", "صباح", "اليوم", "عن", "خطةٍ", "جديدة"}));
  EXPECT_EQ(Forms(text), (V{"اعلنت", "الحكومه", "صباح", "اليوم", "عن", "خطه", "جديده"}));
}

TEST(Tokenize, PunctuationIsIgnored) {
  EXPECT_EQ(Forms("«سلام» (هدنة) [غزة] \"قال\" ؟ ، ؛ ... — النهاية."),
            (V{"سلام", "هدنه", "غزه", "قال", "النهايه"}));
}

TEST(Tokenize, MixedFormsStayOneWord) {
  EXPECT_EQ(Forms("كوفيد-19"), (V{"كوفيد19"}));
  EXPECT_EQ(Forms("طائرات F-35 الأمريكية"), (V{"طائرات", "f35", "الامريكيه"}));
  EXPECT_EQ(Forms("COVID-19"), (V{"covid19"}));
  EXPECT_EQ(Forms("شبكات الـ5G"), (V{"شبكات", "ال5g"}));
  EXPECT_EQ(Surfaces("شبكات الـ5G"), (V{"شبكات", "الـ5G"}));
  EXPECT_EQ(Forms("MH17 وiPhone"), (V{"mh17", "وiphone"}));
}

TEST(Tokenize, HyphenBetweenWordsOrNumbersSeparates) {
  EXPECT_EQ(Forms("2018-2019"), (V{"2018", "2019"}));
  EXPECT_EQ(Forms("Wi-Fi"), (V{"wi", "fi"}));
  EXPECT_EQ(Forms("شمال-جنوب"), (V{"شمال", "جنوب"}));
  EXPECT_EQ(Forms("- خبر -"), (V{"خبر"}));
}

TEST(Tokenize, NumbersWithDecimalsAndGroups) {
  EXPECT_EQ(Forms("نما 3.5 بالمئة"), (V{"نما", "3.5", "بالمئه"}));
  EXPECT_EQ(Forms("٣٫٥"), (V{"3.5"}));
  EXPECT_EQ(Forms("1,000 دولار و٢٬٥٠٠"), (V{"1000", "دولار", "و2500"}));
  EXPECT_EQ(Forms("المراكز 3,4"), (V{"المراكز", "3", "4"}));  // a list, not a group
  EXPECT_EQ(Forms("1,000,000 و1,000.5 و12,3456"), (V{"1000000", "و1000.5", "و12", "3456"}));
  EXPECT_EQ(Forms("نهاية الجملة 2024."), (V{"نهايه", "الجمله", "2024"}));
  EXPECT_EQ(Surfaces("عام 2024."), (V{"عام", "2024"}));
}

TEST(Tokenize, DigitsFollowedByArabicSplit) {
  // 2018م: the era letter is its own word so 2018 matches 2018.
  EXPECT_EQ(Forms("2018م"), (V{"2018", "م"}));
  EXPECT_EQ(Forms("٢٠١٨م"), (V{"2018", "م"}));
}

TEST(Tokenize, ZeroWidthAndBidiDoNotSplitWords) {
  const std::string text = "كت\u200Cاب \u202Bعربي\u202C مي\u200Dزان \u2067نص\u2069";
  EXPECT_EQ(Forms(text), (V{"كتاب", "عربي", "ميزان", "نص"}));
  // Controls at the edges are not part of the word's span.
  EXPECT_EQ(Surfaces(text), (V{"كت\u200Cاب", "عربي", "مي\u200Dزان", "نص"}));
}

TEST(Tokenize, HarakatAndTatweelBelongToTheWord) {
  const std::string text = "كِتَابٌ مـــدينة ـــ";
  EXPECT_EQ(Surfaces(text), (V{"كِتَابٌ", "مـــدينة"}));
  EXPECT_EQ(Forms(text), (V{"كتاب", "مدينه"}));
}

TEST(Tokenize, ByteOffsetsPointIntoTheOriginal) {
  const std::string text = "  وزير\tالخارجية\n";
  const auto tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].begin, 2u);
  EXPECT_EQ(tokens[0].end, 2u + 8u);
  EXPECT_EQ(tokens[1].begin, 11u);
  EXPECT_EQ(tokens[1].end, text.size() - 1);
}

TEST(Tokenize, InvalidBytesSeparateWords) {
  std::string text = "خبر";
  text += '\xFF';
  text += "عاجل";
  text += '\xC3';  // truncated sequence
  text += " \x80\x80 ";
  text += "نهاية";
  text += '\xE2';
  EXPECT_EQ(Forms(text), (V{"خبر", "عاجل", "نهايه"}));
  for (const TokenSpan& t : Tokenize(text)) EXPECT_LE(t.end, text.size());
}

TEST(Tokenize, BinaryJunkNeverCrashes) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    junk += static_cast<char>(x >> 24);
  }
  const auto tokens = Tokenize(junk);
  for (const TokenSpan& t : tokens) {
    EXPECT_LT(t.begin, t.end);
    EXPECT_LE(t.end, junk.size());
    EXPECT_FALSE(t.form.empty());
  }
}

// Random mixtures of letters, marks, controls, digits, punctuation and bad
// bytes (no infix characters): every span must normalise to its token's form,
// and spans must be ordered and disjoint.
TEST(Tokenize, SpansNormaliseToTheirFormsOnRandomText) {
  const std::vector<std::string> pieces = {
      "ا", "أ", "إ", "آ", "ب", "ة", "ى", "ي", "ؤ", "ئ", "ء", "ل", "م", "\u064E", "\u0651", "\u0640",
      "\u0670", "\u200C", "\u200D", "\u202B", "\u202C", "\u2067", "\uFEFB", "\uFE91", "A", "b", "Z",
      "7", "\u0663", "\u06F5", " ", " ", "\u060C", "\u061F", "«", "!", "\n", "\xFF", "\xD8", "\u00AD"};
  uint32_t x = 2024;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      x = x * 1664525u + 1013904223u;
      text += pieces[(x >> 16) % pieces.size()];
    }
    uint32_t last_end = 0;
    for (const TokenSpan& t : Tokenize(text)) {
      ASSERT_LT(t.begin, t.end);
      ASSERT_LE(t.end, text.size());
      EXPECT_GE(t.begin, last_end);
      last_end = t.end;
      EXPECT_EQ(NormalizeForMatch(text.substr(t.begin, t.end - t.begin)), t.form) << text;
    }
  }
}

TEST(Tokenize, EmptyAndSeparatorOnlyInput) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" ،؛؟!\n\t«»").empty());
  EXPECT_TRUE(Tokenize("\u200B\u200F").empty());
}

TEST(Tokenize, OverlongWordIsFlaggedNotIndexed) {
  const std::string text = std::string(2000, 'a') + " خبر";
  Tokenizer tokenizer(text);
  RawToken t;
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_TRUE(t.too_long);
  EXPECT_EQ(t.end, 2000u);
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_FALSE(t.too_long);
  EXPECT_EQ(t.form, "خبر");
  EXPECT_FALSE(tokenizer.Next(t));
}

TEST(Tokenize, ScriptFlags) {
  Tokenizer tokenizer("الحكومة الـ5G F35 كوفيد-19");
  RawToken t;
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_TRUE(t.all_arabic);
  EXPECT_TRUE(t.plain_arabic);
  EXPECT_EQ(t.arabic_prefix_bytes, t.form.size());
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_FALSE(t.all_arabic);
  EXPECT_EQ(t.arabic_prefix_bytes, 4u);  // ال
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_FALSE(t.all_arabic);
  EXPECT_EQ(t.arabic_prefix_bytes, 0u);
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_EQ(t.arabic_prefix_bytes, 10u);  // كوفيد
}

TEST(Tokenize, ArabicSupplementLettersAreArabicButNotPlain) {
  Tokenizer tokenizer("\u0750\u0628\u0627");  // beh with three dots below, beh, alef
  RawToken t;
  ASSERT_TRUE(tokenizer.Next(t));
  EXPECT_TRUE(t.all_arabic);
  EXPECT_FALSE(t.plain_arabic);
}

TEST(Tokenize, FiveMegabyteInput) {
  const std::string sentence = "قال وزير الخارجية إن المحادثات ستستأنف في 15 آذار/مارس 2024، وفق بيان رسمي. ";
  std::string big;
  while (big.size() < 5u * 1024 * 1024) big += sentence;
  const size_t per_sentence = Tokenize(sentence).size();
  ASSERT_EQ(per_sentence, 14u);
  const auto tokens = Tokenize(big);
  EXPECT_EQ(tokens.size(), per_sentence * (big.size() / sentence.size()));
  EXPECT_EQ(big.substr(tokens.back().begin, tokens.back().end - tokens.back().begin), "رسمي");
}

}  // namespace
}  // namespace riwaya::text
